import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Empty, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useContext, useState } from 'react';
import { ConformanceDocument, type ConformanceQuery } from '../generated';
import { CONFORMANCE, LangContext, pick, useT } from '../i18n';
import { authHeaders } from '../session';

type Finding = ConformanceQuery['conformance']['findings'][number];
const KINDS = ['MISSING', 'EXTRA', 'RENAMED', 'RECATEGORISED', 'REBASED'] as const;
const COLOR: Record<string, string> = {
  MISSING: 'red',
  EXTRA: 'orange',
  RENAMED: 'blue',
  RECATEGORISED: 'purple',
  REBASED: 'cyan',
};

/**
 * 三级四同: a list against its guiding catalogue (the `conformance` query), counts per kind (each a filter of
 * the table), the findings item by item, and the county's findings as a workbook (GET /conformance/:scope.xlsx).
 */
export function ConformanceView({
  catalogueCode,
  ownerCode,
  token,
}: {
  catalogueCode: string;
  ownerCode: string;
  token: string | null;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { message } = App.useApp();
  const [kind, setKind] = useState<string | null>(null);
  const { data, loading, error } = useQuery(ConformanceDocument, { variables: { catalogueCode } });
  const report = data?.conformance;
  const download = async () => {
    const res = await fetch(`/conformance/${encodeURIComponent(ownerCode)}.xlsx`, { headers: authHeaders(token) });
    if (!res.ok) {
      message.error(
        ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? res.statusText,
      );
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `conformance-${ownerCode}.xlsx`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  if (error) return <Alert type="error" showIcon title={t('error')} description={error.message} />;
  if (!report) return loading ? <Typography.Text type="secondary">{t('loading')}</Typography.Text> : null;
  if (!report.guiding) return <Empty description={t('noGuiding')} />;
  const count = (k: string) => report.counts.find((c) => c.kind === k)?.count ?? 0;
  const rows = report.findings.filter((f) => !kind || f.kind === kind);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="conformance">
      <Typography.Text type="secondary">
        {t('conformanceHelp')} · {t('guiding')}: {report.guiding.name}（{report.guiding.code}）· {t('date')}: {report.asOf}
      </Typography.Text>
      <Space wrap size="middle" data-testid="conformance-counts">
        <Statistic title={t('total')} value={report.total} />
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`conformance-count-${k}`}
            aria-pressed={kind === k}
            onClick={() => setKind(kind === k ? null : k)}
            style={{
              cursor: 'pointer',
              background: kind === k ? '#fff1f0' : 'transparent',
              border: '1px solid #d9d9d9',
              borderRadius: 4,
              padding: '4px 12px',
            }}
          >
            <Statistic title={pick(lang, CONFORMANCE[k])} value={count(k)} />
          </button>
        ))}
        <Button type="primary" data-testid="download-conformance" onClick={() => void download()}>
          {t('downloadFindings')}
        </Button>
      </Space>
      {report.total === 0 ? (
        <Alert type="success" showIcon title={t('noFindings')} />
      ) : (
        <Table<Finding>
          data-testid="conformance-findings"
          size="small"
          rowKey={(f) => `${f.kind}:${f.item.code}`}
          scroll={{ x: true }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          dataSource={rows}
          columns={[
            {
              title: t('kind'),
              dataIndex: 'kind',
              key: 'kind',
              render: (k: string) => <Tag color={COLOR[k]}>{pick(lang, CONFORMANCE[k], k)}</Tag>,
            },
            {
              title: t('item'),
              key: 'item',
              render: (f: Finding) => (
                <span>
                  {f.item.name}
                  <br />
                  <Typography.Text type="secondary">{f.item.code}</Typography.Text>
                </span>
              ),
            },
            { title: t('domain'), key: 'domain', render: (f: Finding) => f.item.domain },
            { title: t('thisList'), dataIndex: 'value', key: 'value', render: (v: string | null) => v ?? t('none') },
            { title: t('guiding'), dataIndex: 'guidingValue', key: 'guiding', render: (v: string | null) => v ?? t('none') },
          ]}
        />
      )}
    </Space>
  );
}
