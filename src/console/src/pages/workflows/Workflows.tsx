import { Alert, Button, Card, Checkbox, Drawer, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useContext, useMemo, useState } from 'react';
import { LangContext, pick, useT } from '../../i18n';
import type { Viewer } from '../../session';
import { SOURCES, type InboxRow } from './sources';

const STATE_COLOR: Record<string, string> = {
  DRAFT: 'default',
  SUBMITTED: 'blue',
  CONSULTING: 'geekblue',
  APPROVED: 'cyan',
  APPLIED: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'default',
  OPEN: 'orange',
  RULED: 'green',
  CALLED: 'default',
  DISPATCHED: 'blue',
  ACCEPTED: 'geekblue',
  ANSWERED: 'cyan',
  RATED: 'green',
  ESCALATED: 'red',
};

/**
 * 工作流: one inbox of the workflows of the user's scope (adjustments, disputes; each a source in sources.tsx),
 * with their states and time limits, filterable; a row opens the item with the steps the role may take.
 */
export default function WorkflowsPage({ viewer }: { viewer: Viewer | null }) {
  const t = useT();
  const lang = useContext(LangContext);
  const screens = Grid.useBreakpoint();
  const [scopeInput, setScopeInput] = useState(viewer?.scope?.code ?? '370685');
  const [scopeCode, setScopeCode] = useState(scopeInput);
  const [sources, setSources] = useState<string[]>(SOURCES.map((s) => s.key));
  // states picked per source ("adjustment:SUBMITTED"); the default is every state still waiting for someone
  const [states, setStates] = useState<string[]>(SOURCES.flatMap((s) => s.open.map((st) => `${s.key}:${st}`)));
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [text, setText] = useState('');
  const [open, setOpen] = useState<InboxRow | null>(null);

  const results = SOURCES.map((s) => {
    const mine = states.filter((x) => x.startsWith(`${s.key}:`)).map((x) => x.slice(s.key.length + 1));
    // a source with no state picked while others have some is left out, like an unticked type
    const skip = !sources.includes(s.key) || (mine.length === 0 && states.length > 0);
    return { source: s, ...s.useRows({ scopeCode, states: mine, overdueOnly }, skip) };
  });
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return results
      .flatMap((r) => r.rows)
      .filter((r) => !needle || `${r.number} ${r.title} ${r.concerns}`.toLowerCase().includes(needle))
      .sort(
        (a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadline?.day ?? '9999').localeCompare(b.deadline?.day ?? '9999'),
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    results
      .map((r) => r.rows)
      .flat()
      .map((r) => r.key + r.state)
      .join(),
    text,
  ]);
  const sourceOf = (key: string) => SOURCES.find((s) => s.key === key)!;
  const loading = results.some((r) => r.loading);
  const truncated = results.filter((r) => r.total > r.rows.length);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('workflows')}>
        <Space wrap size="middle" data-testid="inbox-filters">
          <Input.Search
            aria-label={t('scopeCode')}
            placeholder={t('scopeCode')}
            value={scopeInput}
            onChange={(e) => setScopeInput(e.target.value)}
            onSearch={(v) => setScopeCode(v.trim() || '000000')}
            style={{ width: 240 }}
          />
          <Checkbox.Group
            aria-label={t('source')}
            value={sources}
            onChange={(v) => setSources(v as string[])}
            options={SOURCES.map((s) => ({ value: s.key, label: pick(lang, s.label) }))}
          />
          <Select
            mode="multiple"
            allowClear
            aria-label={t('state')}
            data-testid="state-filter"
            placeholder={t('anyState')}
            style={{ minWidth: 260 }}
            value={states}
            onChange={setStates}
            options={SOURCES.filter((s) => sources.includes(s.key)).map((s) => ({
              label: pick(lang, s.label),
              options: Object.entries(s.states).map(([k, v]) => ({ value: `${s.key}:${k}`, label: pick(lang, v) })),
            }))}
          />
          <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="overdue-only">
            {t('overdueOnly')}
          </Checkbox>
          <Input
            allowClear
            aria-label={t('search')}
            placeholder={`${t('number')} / ${t('subject')}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ width: 200 }}
          />
        </Space>
      </Card>
      {results
        .filter((r) => r.error)
        .map((r) => (
          <Alert key={r.source.key} type="error" showIcon title={pick(lang, r.source.label)} description={r.error!.message} />
        ))}
      <Card
        size="small"
        title={
          <span data-testid="inbox-count">
            {t('inbox')} ({rows.length})
          </span>
        }
      >
        {truncated.length > 0 && (
          <Alert
            type="info"
            style={{ marginBottom: 8 }}
            title={truncated.map((r) => `${pick(lang, r.source.label)}: ${r.rows.length} / ${r.total}`).join(' · ')}
          />
        )}
        <Table<InboxRow>
          data-testid="inbox"
          size="small"
          rowKey="key"
          loading={loading && rows.length === 0}
          scroll={{ x: true }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          dataSource={rows}
          rowClassName={(r) => (r.overdue ? 'shudi-overdue' : '')}
          columns={[
            {
              title: t('source'),
              key: 'source',
              render: (r: InboxRow) => <Tag>{pick(lang, sourceOf(r.source).label)}</Tag>,
            },
            {
              title: t('number'),
              key: 'number',
              render: (r: InboxRow) => (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  data-testid={`open-${r.source}-${r.number}`}
                  onClick={() => setOpen(r)}
                >
                  {r.number}
                </Button>
              ),
            },
            {
              title: t('subject'),
              key: 'title',
              render: (r: InboxRow) => (
                <span>
                  {r.title}
                  <br />
                  <Typography.Text type="secondary">{r.concerns}</Typography.Text>
                </span>
              ),
            },
            {
              title: t('state'),
              key: 'state',
              render: (r: InboxRow) => (
                <Tag color={STATE_COLOR[r.state]} data-testid="state">
                  {pick(lang, sourceOf(r.source).states[r.state], r.state)}
                </Tag>
              ),
            },
            {
              title: t('deadline'),
              key: 'deadline',
              render: (r: InboxRow) =>
                r.deadline ? (
                  <span data-testid="deadline">
                    {r.deadline.day}
                    {r.deadline.provisional && <Typography.Text type="secondary"> *</Typography.Text>}{' '}
                    {r.overdue && <Tag color="red">{t('overdue')}</Tag>}
                  </span>
                ) : (
                  t('none')
                ),
            },
          ]}
        />
        <Typography.Text type="secondary">* {t('provisional')}</Typography.Text>
      </Card>
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        size={screens.md ? 820 : '100%'}
        title={open ? `${pick(lang, sourceOf(open.source).label)} ${open.number}` : ''}
        destroyOnHidden
      >
        {open &&
          sourceOf(open.source).detail({
            id: open.id,
            viewer,
            onChanged: () => results.forEach((r) => r.refetch()),
          })}
      </Drawer>
    </Space>
  );
}
