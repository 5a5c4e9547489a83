import { useApolloClient, useLazyQuery } from '@apollo/client/react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  List,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useContext, useState } from 'react';
import { ChainDocument, PlaceByCodeDocument, SearchItemsDocument, SearchPlacesDocument, type ChainQuery } from '../generated';
import { FLAG, LangContext, LEVEL, pick, RESOLUTION, ROLE, useT } from '../i18n';
import type { Viewer } from '../session';

type Option = { value: string; label: string };
type Holder = ChainQuery['responsibleChain']['levels'][number]['holders'][number];

/** Search as the user types: items by name, code or domain; places by name, or by code when digits. */
function useSearch(scope: string | null) {
  const client = useApolloClient();
  const items = async (text: string): Promise<Option[]> => {
    if (!text.trim()) return [];
    const { data } = await client.query({ query: SearchItemsDocument, variables: { text: text.trim(), first: 20 } });
    return (data?.items.edges ?? []).map(({ node }) => ({
      value: node.code,
      label: `${node.name} · ${node.code} · ${node.domain}`,
    }));
  };
  const places = async (text: string): Promise<Option[]> => {
    const q = text.trim();
    if (!q) return [];
    if (/^\d{2,12}$/.test(q)) {
      const { data } = await client
        .query({ query: PlaceByCodeDocument, variables: { code: q } })
        .catch(() => ({ data: undefined }));
      const j = data?.jurisdiction;
      return j ? [{ value: j.code, label: placeLabel(j) }] : [];
    }
    // the user's own scope first (a name like 温泉街道 recurs across the country), then the nation
    const scopes = scope && scope !== '000000' ? [scope, '000000'] : ['000000'];
    const found: Option[] = [];
    for (const scopeCode of scopes) {
      const { data } = await client.query({ query: SearchPlacesDocument, variables: { name: q, first: 20, scopeCode } });
      for (const { node } of data?.jurisdictions.edges ?? []) {
        if (!found.some((o) => o.value === node.code)) found.push({ value: node.code, label: placeLabel(node) });
      }
    }
    return found;
  };
  return { items, places };
}

const placeLabel = (j: { code: string; name: string; ancestors: { name: string }[] }) =>
  `${[...j.ancestors.map((a) => a.name), j.name].join(' / ')} · ${j.code}`;

function SearchSelect(props: {
  label: string;
  placeholder: string;
  search: (q: string) => Promise<Option[]>;
  value: string | null;
  onChange: (v: string) => void;
  testId: string;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <Select
      showSearch={{
        filterOption: false,
        onSearch: async (q) => {
          setBusy(true);
          try {
            setOptions(await props.search(q));
          } finally {
            setBusy(false);
          }
        },
      }}
      aria-label={props.label}
      data-testid={props.testId}
      placeholder={props.placeholder}
      style={{ width: '100%', minWidth: 240 }}
      value={props.value ?? undefined}
      options={options}
      notFoundContent={busy ? <Spin size="small" /> : null}
      onChange={props.onChange}
    />
  );
}

export default function ChainPage({ viewer }: { viewer: Viewer | null }) {
  const t = useT();
  const lang = useContext(LangContext);
  const search = useSearch(viewer?.scope?.code ?? null);
  const [item, setItem] = useState<string | null>(null);
  const [place, setPlace] = useState<string | null>(null);
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [load, { data, loading, error }] = useLazyQuery(ChainDocument);
  const chain = data?.responsibleChain;

  const holderColumns = [
    { title: t('body'), key: 'body', render: (h: Holder) => <HolderName h={h} /> },
    {
      title: t('role'),
      key: 'role',
      render: (h: Holder) => <Tag color={h.role === 'PRIMARY' ? 'red' : 'blue'}>{pick(lang, ROLE[h.role])}</Tag>,
    },
    { title: t('duty'), dataIndex: 'duty', key: 'duty', render: (d: string | null) => d ?? t('none') },
    {
      title: t('resolution'),
      key: 'res',
      render: (h: Holder) => (
        <span>
          {pick(lang, RESOLUTION[h.resolution])}
          {!h.active && <Tag style={{ marginLeft: 4 }}>{t('inactive')}</Tag>}
        </span>
      ),
    },
    { title: t('writtenAt'), key: 'scope', render: (h: Holder) => h.scope.name },
    {
      title: t('fromList'),
      key: 'cat',
      render: (h: Holder) => (h.catalogue ? `${h.catalogue.name}（${h.catalogue.code}）` : t('none')),
    },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('chain')}>
        <Form
          layout="vertical"
          onFinish={() =>
            item && place && load({ variables: { itemCode: item, jurisdictionCode: place, asOf: date.format('YYYY-MM-DD') } })
          }
        >
          <div
            style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', alignItems: 'end' }}
          >
            <Form.Item label={t('item')} style={{ margin: 0 }}>
              <SearchSelect
                label={t('item')}
                testId="item-search"
                placeholder={t('searchItem')}
                search={search.items}
                value={item}
                onChange={setItem}
              />
            </Form.Item>
            <Form.Item label={t('place')} style={{ margin: 0 }}>
              <SearchSelect
                label={t('place')}
                testId="place-search"
                placeholder={t('searchPlace')}
                search={search.places}
                value={place}
                onChange={setPlace}
              />
            </Form.Item>
            <Form.Item label={t('date')} style={{ margin: 0 }}>
              <DatePicker
                aria-label={t('date')}
                value={date}
                onChange={(d) => d && setDate(d)}
                allowClear={false}
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!item || !place} loading={loading}>
              {t('show')}
            </Button>
          </div>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={t('error')} description={error.message} />}
      {chain && (
        <Card data-testid="chain-result" title={`${chain.item.name} @ ${chain.jurisdiction.name} · ${chain.asOf}`}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered>
            <Descriptions.Item label={t('item')}>
              {chain.item.name}（{chain.item.code}）
            </Descriptions.Item>
            <Descriptions.Item label={t('domain')}>{chain.item.domain}</Descriptions.Item>
            <Descriptions.Item label={t('place')}>
              {chain.jurisdiction.name}（{pick(lang, LEVEL[chain.jurisdiction.level])}）
            </Descriptions.Item>
            <Descriptions.Item label={t('primary')}>
              {chain.primary.length
                ? chain.primary.map((h, i) => (
                    <Tag key={i} color="red">
                      {h.body?.name ?? pick(lang, RESOLUTION.TEMPLATE)}
                    </Tag>
                  ))
                : t('noHolders')}
            </Descriptions.Item>
          </Descriptions>
          {!chain.applicable && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('notApplicable')} />}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('flags')}
          </Typography.Title>
          {chain.flagDetails.length === 0 ? (
            <Typography.Text type="secondary">{t('noFlags')}</Typography.Text>
          ) : (
            <List
              data-testid="chain-flags"
              dataSource={chain.flagDetails}
              renderItem={(f) => {
                const k = FLAG[f.kind];
                return (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <Tag color="volcano">{k ? pick(lang, [k[0], k[1]]) : f.kind}</Tag>
                          {f.acknowledged && <Tag color="green">{t('acknowledged')}</Tag>}
                        </Space>
                      }
                      description={
                        <span>
                          {k ? pick(lang, [k[2], k[3]]) : ''}
                          {f.bodies.length > 0 && <> — {f.bodies.map((b) => b.name).join('、')}</>}
                          {f.acknowledgement && (
                            <>
                              {' '}
                              — {t('reason')}: {f.acknowledgement.reason}
                            </>
                          )}
                        </span>
                      }
                    />
                  </List.Item>
                );
              }}
            />
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('level')}
          </Typography.Title>
          {chain.levels.length === 0 && <Empty />}
          {chain.levels.map((l) => (
            <Card
              key={l.level}
              size="small"
              data-testid={`level-${l.level}`}
              style={{ marginBottom: 8 }}
              title={`${pick(lang, LEVEL[l.level])} · ${l.jurisdiction.name}`}
            >
              {l.holders.length === 0 ? (
                <Typography.Text type="secondary">{t('noHolders')}</Typography.Text>
              ) : (
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  scroll={{ x: true }}
                  columns={holderColumns}
                  dataSource={l.holders.map((h, i) => ({ ...h, key: String(i) }))}
                />
              )}
            </Card>
          ))}
        </Card>
      )}
    </Space>
  );
}

function HolderName({ h }: { h: Holder }) {
  const lang = useContext(LangContext);
  if (!h.body) return <span>{pick(lang, RESOLUTION.TEMPLATE)}</span>;
  const renamed = h.namedBody && h.namedBody.code !== h.body.code;
  return (
    <span>
      {h.body.name}
      {renamed && <Typography.Text type="secondary"> ← {h.namedBody!.name}</Typography.Text>}
    </span>
  );
}
