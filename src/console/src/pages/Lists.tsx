import { useLazyQuery, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Descriptions, Empty, Input, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { CataloguesDocument, VersionDiffDocument, type CataloguesQuery, type VersionDiffQuery } from '../generated';
import { useT } from '../i18n';
import { ConformanceView } from './Conformance';
import { authHeaders, may, trackedFetch, type Viewer } from '../session';

type Catalogue = CataloguesQuery['catalogues']['edges'][number]['node'];
type Report = {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  problems: { path: string; message: string; code?: string | null }[];
};

/** "row 7, 责任主体" → row 7, column 责任主体 (the sheet's own numbering and header). */
export function splitPath(path: string): { row: string; column: string } {
  const m = /^row ([\d-]+)(?:, (.+))?$/.exec(path);
  return m ? { row: m[1]!, column: m[2] ?? '' } : { row: '', column: path };
}

export default function ListsPage({ viewer, token }: { viewer: Viewer | null; token: string | null }) {
  const t = useT();
  const [county, setCounty] = useState(viewer?.scope?.level === 'COUNTY' ? viewer.scope.code : '370685');
  const [input, setInput] = useState(county);
  const { data, loading, error, refetch } = useQuery(CataloguesDocument, {
    variables: { ownerCode: county, includeSubtree: true },
    // lists change under the user (imports, applied adjustments): show the cached page, then the server's
    fetchPolicy: 'cache-and-network',
  });
  const [selected, setSelected] = useState<string | null>(null);
  const catalogues = data?.catalogues.edges.map((e) => e.node) ?? [];
  const current = catalogues.find((c) => c.code === selected) ?? catalogues.find((c) => c.kind === 'LOCAL') ?? catalogues[0];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={t('lists')}>
        <Space wrap>
          <Typography.Text>{t('county')}</Typography.Text>
          <Input.Search
            aria-label={t('county')}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onSearch={(v) => setCounty(v.trim())}
            style={{ maxWidth: 320 }}
          />
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={t('error')} description={error.message} />}
      <Card size="small" title={`${t('catalogue')} (${data?.catalogues.totalCount ?? '…'})`}>
        <Table<Catalogue>
          data-testid="catalogue-table"
          rowKey="id"
          size="small"
          loading={loading}
          scroll={{ x: true }}
          pagination={false}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: current ? [current.id] : [],
            onChange: (_, rows) => setSelected(rows[0]?.code ?? null),
          }}
          columns={[
            {
              title: t('catalogue'),
              key: 'name',
              render: (c: Catalogue) => (
                <span>
                  {c.name}
                  <br />
                  <Typography.Text type="secondary">{c.code}</Typography.Text>
                </span>
              ),
            },
            { title: t('kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => <Tag>{k}</Tag> },
            { title: t('owner'), key: 'owner', render: (c: Catalogue) => c.owner.name },
            { title: t('validFrom'), dataIndex: 'validFrom', key: 'from' },
            { title: t('entries'), key: 'entries', render: (c: Catalogue) => c.entries.totalCount },
            { title: t('versions'), key: 'versions', render: (c: Catalogue) => c.versions.length },
          ]}
          dataSource={catalogues}
        />
      </Card>
      {current && (
        <Card size="small" title={`${current.name}（${current.code}）`} data-testid="catalogue-detail">
          <Tabs
            items={[
              { key: 'versions', label: t('versions'), children: <Versions catalogue={current} /> },
              ...(current.guiding
                ? [
                    {
                      key: 'conformance',
                      label: t('conformance'),
                      children: <ConformanceView catalogueCode={current.code} ownerCode={current.owner.code} token={token} />,
                    },
                  ]
                : []),
              ...(current.kind === 'LOCAL'
                ? [
                    { key: 'download', label: t('download'), children: <Download code={current.code} token={token} /> },
                    ...(may(viewer, 'assignment')
                      ? [
                          {
                            key: 'upload',
                            label: t('upload'),
                            children: <UploadSheet code={current.code} token={token} onImported={() => void refetch()} />,
                          },
                        ]
                      : []),
                  ]
                : []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function Versions({ catalogue }: { catalogue: Catalogue }) {
  const t = useT();
  const versions = catalogue.versions;
  const [from, setFrom] = useState<number | null>(versions.length > 1 ? versions[versions.length - 2]!.version : null);
  const [to, setTo] = useState<number | null>(versions.length ? versions[versions.length - 1]!.version : null);
  const [load, diff] = useLazyQuery(VersionDiffDocument);
  if (!versions.length) return <Empty description={t('versions')} />;
  const options = versions.map((v) => ({
    value: v.version,
    label: `v${v.version} · ${v.publishedOn}${v.note ? ` · ${v.note}` : ''}`,
  }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={versions}
        columns={[
          { title: t('versions'), dataIndex: 'version', key: 'v' },
          { title: t('date'), dataIndex: 'publishedOn', key: 'on' },
          { title: t('message'), dataIndex: 'note', key: 'note' },
          { title: t('signIn'), dataIndex: 'actor', key: 'actor' },
        ]}
      />
      <Space wrap>
        <Select aria-label="from" style={{ minWidth: 200 }} value={from} options={options} onChange={setFrom} />
        →
        <Select aria-label="to" style={{ minWidth: 200 }} value={to} options={options} onChange={setTo} />
        <Button
          disabled={from == null || to == null}
          onClick={() => load({ variables: { code: catalogue.code, from: from!, to: to! } })}
        >
          {t('diff')}
        </Button>
      </Space>
      {diff.error && <Alert type="error" showIcon title={t('error')} description={diff.error.message} />}
      {diff.data && <DiffView diff={diff.data.catalogueVersionDiff} />}
    </Space>
  );
}

function DiffView({ diff }: { diff: VersionDiffQuery['catalogueVersionDiff'] }) {
  const t = useT();
  const rows: { key: string; kind: string; record: string; field: string; before: string; after: string }[] = [];
  const show = (v: unknown) => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  diff.catalogue.forEach((f, i) =>
    rows.push({ key: `c${i}`, kind: t('catalogue'), record: '', field: f.field, before: show(f.before), after: show(f.after) }),
  );
  for (const [label, d] of [
    [t('entries'), diff.entries],
    [t('holders'), diff.assignments],
  ] as const) {
    d.added.forEach((k) =>
      rows.push({ key: `${label}+${k}`, kind: label, record: k, field: t('added'), before: '', after: '✓' }),
    );
    d.removed.forEach((k) =>
      rows.push({ key: `${label}-${k}`, kind: label, record: k, field: t('removed'), before: '✓', after: '' }),
    );
    d.changed.forEach((c) =>
      c.fields.forEach((f) =>
        rows.push({
          key: `${label}~${c.key}~${f.field}`,
          kind: label,
          record: c.key,
          field: f.field,
          before: show(f.before),
          after: show(f.after),
        }),
      ),
    );
  }
  return (
    <Table
      data-testid="version-diff"
      size="small"
      scroll={{ x: true }}
      pagination={{ pageSize: 50 }}
      dataSource={rows}
      columns={[
        { title: t('kind'), dataIndex: 'kind', key: 'kind' },
        { title: t('item'), dataIndex: 'record', key: 'record' },
        { title: t('field'), dataIndex: 'field', key: 'field' },
        {
          title: t('before'),
          dataIndex: 'before',
          key: 'before',
          render: (v: string) => <Typography.Text delete={!!v}>{v}</Typography.Text>,
        },
        {
          title: t('after'),
          dataIndex: 'after',
          key: 'after',
          render: (v: string) => <Typography.Text mark={!!v}>{v}</Typography.Text>,
        },
      ]}
    />
  );
}

/** The download endpoints with the user's token (a plain link would not carry it). */
function Download({ code, token }: { code: string; token: string | null }) {
  const t = useT();
  const { message } = App.useApp();
  const get = async (ext: 'xlsx' | 'csv') => {
    const res = await fetch(`/catalogues/${encodeURIComponent(code)}/table.${ext}`, { headers: authHeaders(token) });
    if (!res.ok) {
      message.error(
        ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? res.statusText,
      );
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${code}.${ext}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Space wrap>
      <Button type="primary" data-testid="download-xlsx" onClick={() => void get('xlsx')}>
        {t('download')}
      </Button>
      <Button onClick={() => void get('csv')}>{t('downloadCsv')}</Button>
    </Space>
  );
}

function UploadSheet({ code, token, onImported }: { code: string; token: string | null; onImported: () => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const res = await trackedFetch(`/catalogues/${encodeURIComponent(code)}/table?dryRun=${dryRun}`, {
        method: 'POST',
        headers: authHeaders(token),
        body,
      });
      const json = (await res.json()) as Report & { error?: { message: string } };
      if (!res.ok) {
        setFailure(json.error?.message ?? res.statusText);
        setReport(null);
      } else {
        setReport(json);
        if (!dryRun && json.problems.length === 0) onImported();
      }
    } finally {
      setBusy(false);
    }
  };
  const clean = report && report.problems.length === 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('uploadHelp')}</Typography.Text>
      <Space wrap>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setReport(null);
          }}
        >
          <Button data-testid="pick-file">{t('upload')}</Button>
        </Upload>
        <Button data-testid="dry-run" disabled={!file} loading={busy} onClick={() => void send(true)}>
          {t('dryRun')}
        </Button>
        <Button
          data-testid="import"
          type="primary"
          disabled={!file || !clean || !report?.dryRun}
          loading={busy}
          onClick={() => void send(false)}
        >
          {t('importNow')}
        </Button>
      </Space>
      {failure && <Alert type="error" showIcon title={failure} />}
      {report && (
        <div data-testid="import-report">
          {report.problems.length > 0 ? (
            <Alert type="error" showIcon title={t('problemsFound')} />
          ) : (
            <Alert type="success" showIcon title={report.dryRun ? t('dryRunClean') : t('imported')} />
          )}
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('created')}>{report.created}</Descriptions.Item>
            <Descriptions.Item label={t('updated')}>{report.updated}</Descriptions.Item>
            <Descriptions.Item label={t('unchanged')}>{report.unchanged}</Descriptions.Item>
          </Descriptions>
          {report.problems.length > 0 && (
            <Table
              data-testid="import-problems"
              size="small"
              rowKey="key"
              scroll={{ x: true }}
              pagination={{ pageSize: 50 }}
              dataSource={report.problems.map((p, i) => ({ key: String(i), ...splitPath(p.path), message: p.message }))}
              columns={[
                { title: t('row'), dataIndex: 'row', key: 'row', width: 80 },
                { title: t('column'), dataIndex: 'column', key: 'column', width: 160 },
                { title: t('message'), dataIndex: 'message', key: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Space>
  );
}
