import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useContext, useEffect, useMemo, useState } from 'react';
import { EChart } from '../components/EChart';
import {
  AcknowledgeFlagDocument,
  CoveragePageDocument,
  FlagsDocument,
  PlaceTreeDocument,
  ProblemOverviewDocument,
  ProvincesDocument,
  type FlagsQuery,
  type ProblemOverviewQuery,
} from '../generated';
import { FLAG, LangContext, pick, useT } from '../i18n';
import { may, type Viewer } from '../session';

type Cell = ProblemOverviewQuery['coverage']['edges'][number]['node'];
type FlagRow = FlagsQuery['responsibilityFlags']['edges'][number]['node'];
type TreeNode = { id: string; pId?: string; value: string; title: string; isLeaf: boolean; level: string };

const KINDS = Object.keys(FLAG);
const PAGE = 20;
const DEFAULT_SCOPE = '370685';

/** The scope tree: provinces first, children loaded as the user opens a node. */
function useScopeTree(initial: string) {
  const client = useApolloClient();
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const add = (list: TreeNode[]) => setNodes((old) => [...old, ...list.filter((n) => !old.some((o) => o.value === n.value))]);
  useEffect(() => {
    void (async () => {
      const { data } = await client.query({ query: ProvincesDocument });
      add(
        (data?.jurisdictions.edges ?? []).map(({ node }) => ({
          id: node.code,
          value: node.code,
          title: node.name,
          isLeaf: node.leaf,
          level: node.level,
        })),
      );
      // make the initial scope visible: its chain of ancestors
      const path = [initial.slice(0, 2) + '0000', initial.slice(0, 4) + '00', initial];
      for (const code of [...new Set(path)].slice(0, -1)) await loadChildren(code);
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const loadChildren = async (code: string) => {
    const { data } = await client.query({ query: PlaceTreeDocument, variables: { code } });
    add(
      (data?.jurisdiction?.children ?? []).map((c) => ({
        id: c.code,
        pId: code,
        value: c.code,
        title: c.name,
        isLeaf: c.leaf,
        level: c.level,
      })),
    );
  };
  return { nodes, loadChildren };
}

export default function ProblemsPage({ viewer }: { viewer: Viewer | null; token: string | null }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [scope, setScope] = useState(viewer?.scope?.code && viewer.scope.code !== '000000' ? viewer.scope.code : DEFAULT_SCOPE);
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [kinds, setKinds] = useState<string[]>([]);
  const [withAck, setWithAck] = useState(false);
  const [cell, setCell] = useState<{ township: string; townshipName: string; domain: string } | null>(null);
  const [itemFilter, setItemFilter] = useState('');
  const tree = useScopeTree(scope);
  const scopeLevel = tree.nodes.find((n) => n.value === scope)?.level;
  const groupBy = scopeLevel === 'PROVINCE' || scopeLevel === 'CITY' ? 'COUNTY' : 'LEAF';
  const asOf = date.format('YYYY-MM-DD');
  const vars = { scopeCode: scope, asOf, kinds: kinds.length ? (kinds as never) : null, includeAcknowledged: withAck };
  const overview = useQuery(ProblemOverviewDocument, { variables: { ...vars, groupBy } });
  const cells = useAllCells(overview.data?.coverage, { scopeCode: scope, asOf, includeAcknowledged: withAck, groupBy });

  const countOption = useMemo(() => {
    const counts = overview.data?.responsibilityFlags.countsByKind.filter((c) => c.count > 0) ?? [];
    return {
      tooltip: {},
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: counts.map((c) => pick(lang, FLAG[c.kind] ? [FLAG[c.kind]![0], FLAG[c.kind]![1]] : undefined, c.kind)),
      },
      series: [
        {
          type: 'bar',
          data: counts.map((c) => c.count),
          itemStyle: { color: '#b22222' },
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [overview.data, lang]);

  const heat = useMemo(() => heatMap(cells, kinds), [cells, kinds]);
  const heatOption = useMemo(
    () => ({
      tooltip: {
        formatter: (p: { data: [number, number, number] }) =>
          `${heat.places[p.data[1]]?.name} × ${heat.domains[p.data[0]]}: ${p.data[2]}`,
      },
      grid: { left: 8, right: 8, top: 8, bottom: 60, containLabel: true },
      xAxis: { type: 'category', data: heat.domains, axisLabel: { rotate: 30 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: heat.places.map((p) => p.name), splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: Math.max(1, heat.max),
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: ['#fff7e6', '#fa8c16', '#a8071a'] },
      },
      series: [
        {
          type: 'heatmap',
          data: heat.data,
          label: { show: true },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
      ],
    }),
    [heat],
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('problems')}>
        <Form layout="vertical">
          <div
            style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', alignItems: 'end' }}
          >
            <Form.Item label={t('scope')} style={{ margin: 0 }}>
              <TreeSelect
                aria-label={t('scope')}
                data-testid="scope-tree"
                treeDataSimpleMode
                treeData={tree.nodes}
                value={scope}
                showSearch={{ treeNodeFilterProp: 'title' }}
                loadData={(n) => tree.loadChildren(String(n.value))}
                onChange={(v) => {
                  setScope(v);
                  setCell(null);
                }}
                placeholder={t('pickScope')}
              />
            </Form.Item>
            <Form.Item label={t('date')} style={{ margin: 0 }}>
              <DatePicker
                aria-label={t('date')}
                value={date}
                allowClear={false}
                onChange={(d) => d && setDate(d)}
                style={{ width: '100%' }}
              />
            </Form.Item>
            <Form.Item label={t('kinds')} style={{ margin: 0 }}>
              <Select
                aria-label={t('kinds')}
                mode="multiple"
                allowClear
                value={kinds}
                onChange={setKinds}
                options={KINDS.map((k) => ({ value: k, label: pick(lang, [FLAG[k]![0], FLAG[k]![1]]) }))}
              />
            </Form.Item>
            <Checkbox checked={withAck} onChange={(e) => setWithAck(e.target.checked)}>
              {t('includeAcknowledged')}
            </Checkbox>
          </div>
        </Form>
      </Card>
      {overview.error && <Alert type="error" showIcon title={t('error')} description={overview.error.message} />}
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))' }}>
        <Card size="small" title={`${t('countsByKind')} · ${t('total')} ${overview.data?.responsibilityFlags.totalCount ?? '…'}`}>
          <EChart label={t('countsByKind')} testId="counts-chart" height={260} option={countOption} />
        </Card>
        <Card size="small" title={t('heatMap')} extra={<Typography.Text type="secondary">{t('heatHelp')}</Typography.Text>}>
          <EChart
            label={t('heatMap')}
            testId="heat-map"
            height={Math.max(260, heat.places.length * 28 + 100)}
            option={heatOption}
            onClick={(p) => {
              const d = p.data as [number, number, number] | undefined;
              if (!d) return;
              const place = heat.places[d[1]]!;
              setCell({ township: place.code, townshipName: place.name, domain: heat.domains[d[0]]! });
            }}
          />
          {/* the same numbers as text: screen readers, keyboard users and tests read the cells here */}
          <details>
            <summary>
              {t('heatMap')}（{lang === 'zh' ? '表格' : 'as a table'}）
            </summary>
            <table data-testid="heat-cells" style={{ fontSize: 12 }}>
              <tbody>
                {heat.data
                  .filter((d) => d[2] > 0)
                  .map(([x, y, v]) => (
                    <tr key={`${x}-${y}`}>
                      <td>{heat.places[y]!.name}</td>
                      <td>{heat.domains[x]}</td>
                      <td>
                        <a
                          href="#flags"
                          data-place={heat.places[y]!.code}
                          data-domain={heat.domains[x]}
                          data-count={v}
                          onClick={(e) => {
                            e.preventDefault();
                            setCell({
                              township: heat.places[y]!.code,
                              townshipName: heat.places[y]!.name,
                              domain: heat.domains[x]!,
                            });
                          }}
                        >
                          {v}
                        </a>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </Card>
      </div>
      <FlagTable
        viewer={viewer}
        scopeCode={cell?.township ?? scope}
        domain={cell?.domain ?? null}
        title={cell ? `${cell.townshipName} × ${cell.domain}` : null}
        onClearCell={() => setCell(null)}
        asOf={asOf}
        kinds={kinds}
        includeAcknowledged={withAck}
        itemFilter={itemFilter}
        onItemFilter={setItemFilter}
        onChanged={() => void overview.refetch()}
      />
    </Space>
  );
}

/** Every coverage row of the scope (pages of 100 fetched until the end). */
function useAllCells(
  first: ProblemOverviewQuery['coverage'] | undefined,
  vars: { scopeCode: string; asOf: string; includeAcknowledged: boolean; groupBy: string },
) {
  const client = useApolloClient();
  const [cells, setCells] = useState<Cell[]>([]);
  useEffect(() => {
    if (!first) return;
    let live = true;
    void (async () => {
      const all = first.edges.map((e) => e.node);
      let page = first.pageInfo;
      while (page.hasNextPage && live) {
        const { data } = await client.query({
          query: CoveragePageDocument,
          variables: { ...vars, groupBy: vars.groupBy as never, after: page.endCursor },
        });
        if (!data) break;
        all.push(...data.coverage.edges.map((e) => e.node));
        page = data.coverage.pageInfo;
      }
      if (live) setCells(all);
    })();
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first]);
  return cells;
}

/** Township (or county) × domain: the number of flags of the chosen kinds in each cell. */
export function heatMap(cells: Cell[], kinds: string[]) {
  const places: { code: string; name: string }[] = [];
  const domains: string[] = [];
  for (const c of cells) {
    if (!places.some((p) => p.code === c.jurisdiction.code))
      places.push({ code: c.jurisdiction.code, name: c.jurisdiction.name });
    if (!domains.includes(c.domain)) domains.push(c.domain);
  }
  domains.sort();
  const data: [number, number, number][] = [];
  let max = 0;
  for (const c of cells) {
    const v = c.flags.filter((f) => kinds.length === 0 || kinds.includes(f.kind)).reduce((s, f) => s + f.count, 0);
    max = Math.max(max, v);
    data.push([domains.indexOf(c.domain), places.findIndex((p) => p.code === c.jurisdiction.code), v]);
  }
  return { places, domains, data, max };
}

function FlagTable(props: {
  viewer: Viewer | null;
  scopeCode: string;
  domain: string | null;
  title: string | null;
  onClearCell: () => void;
  asOf: string;
  kinds: string[];
  includeAcknowledged: boolean;
  itemFilter: string;
  onItemFilter: (s: string) => void;
  onChanged: () => void;
}) {
  const t = useT();
  const lang = useContext(LangContext);
  const { message } = App.useApp();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const [acking, setAcking] = useState<FlagRow | null>(null);
  const [reason, setReason] = useState('');
  const variables = {
    scopeCode: props.scopeCode,
    asOf: props.asOf,
    kinds: props.kinds.length ? (props.kinds as never) : null,
    domain: props.domain,
    itemCode: props.itemFilter.trim() || null,
    includeAcknowledged: props.includeAcknowledged,
    first: PAGE,
    after: cursors[page] ?? null,
  };
  useEffect(() => {
    setCursors([null]);
    setPage(0);
  }, [props.scopeCode, props.domain, props.asOf, props.kinds.join(), props.includeAcknowledged, props.itemFilter]);
  const { data, loading, error, refetch } = useQuery(FlagsDocument, { variables });
  const conn = data?.responsibilityFlags;
  useEffect(() => {
    if (conn?.pageInfo.endCursor && cursors.length === page + 1) setCursors((c) => [...c, conn.pageInfo.endCursor]);
  }, [conn, page, cursors.length]);
  const [acknowledge, ack] = useMutation(AcknowledgeFlagDocument);
  const mayAck = may(props.viewer, 'acknowledgement');

  const columns = [
    {
      title: t('kind'),
      key: 'kind',
      render: (f: FlagRow) => (
        <Tag color="volcano" title={pick(lang, FLAG[f.kind] ? [FLAG[f.kind]![2], FLAG[f.kind]![3]] : undefined)}>
          {pick(lang, FLAG[f.kind] ? [FLAG[f.kind]![0], FLAG[f.kind]![1]] : undefined, f.kind)}
        </Tag>
      ),
    },
    { title: t('item'), key: 'item', render: (f: FlagRow) => `${f.item.name}（${f.item.code}）` },
    { title: t('domain'), key: 'domain', render: (f: FlagRow) => f.item.domain },
    { title: t('township'), key: 'place', render: (f: FlagRow) => f.jurisdiction.name },
    { title: t('body'), key: 'bodies', render: (f: FlagRow) => f.bodies.map((b) => b.name).join('、') },
    {
      title: t('acknowledged'),
      key: 'ack',
      render: (f: FlagRow) =>
        f.acknowledged ? (
          <Tag color="green" title={f.acknowledgement?.reason}>
            {t('acknowledged')}
          </Tag>
        ) : mayAck ? (
          <Button
            size="small"
            onClick={() => {
              setAcking(f);
              setReason('');
            }}
          >
            {t('acknowledge')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      id="flags"
      size="small"
      title={
        <Space wrap>
          {t('flags')}
          {props.title && (
            <Tag closable onClose={props.onClearCell} data-testid="cell-filter">
              {props.title}
            </Tag>
          )}
          <span data-testid="flag-total">{conn ? conn.totalCount : ''}</span>
        </Space>
      }
      extra={
        <Input.Search
          aria-label={t('item')}
          placeholder={`${t('filter')}: ${t('item')}`}
          allowClear
          onSearch={props.onItemFilter}
          style={{ maxWidth: 220 }}
        />
      }
    >
      {error && <Alert type="error" showIcon title={t('error')} description={error.message} />}
      <Table<FlagRow>
        data-testid="flag-table"
        rowKey="id"
        size="small"
        loading={loading}
        scroll={{ x: true }}
        columns={columns}
        dataSource={conn?.edges.map((e) => e.node) ?? []}
        pagination={{
          current: page + 1,
          pageSize: PAGE,
          total: conn?.totalCount ?? 0,
          showSizeChanger: false,
          // keyset pages: one step at a time, forward as far as the cursors reach
          onChange: (p) => setPage(Math.min(p - 1, cursors.length - 1)),
        }}
      />
      <Modal
        open={!!acking}
        title={t('acknowledge')}
        okText={t('acknowledge')}
        okButtonProps={{ disabled: !reason.trim(), loading: ack.loading }}
        onCancel={() => setAcking(null)}
        onOk={async () => {
          if (!acking) return;
          try {
            await acknowledge({
              variables: {
                kind: acking.kind,
                itemCode: acking.item.code,
                jurisdictionCode: acking.jurisdiction.code,
                reason: reason.trim(),
                asOf: props.asOf,
              },
            });
            message.success(t('acknowledged'));
            setAcking(null);
            await refetch();
            props.onChanged();
          } catch (e) {
            message.error((e as Error).message);
          }
        }}
      >
        {acking && (
          <Typography.Paragraph>
            {pick(lang, FLAG[acking.kind] ? [FLAG[acking.kind]![0], FLAG[acking.kind]![1]] : undefined)} · {acking.item.name} ·{' '}
            {acking.jurisdiction.name}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          aria-label={t('reason')}
          placeholder={t('reasonRequired')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
