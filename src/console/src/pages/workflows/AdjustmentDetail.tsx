import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useContext } from 'react';
import {
  AdjustmentDetailDocument,
  AnswerAdjustmentDocument,
  ApplyAdjustmentDocument,
  ApproveAdjustmentDocument,
  ConsultAdjustmentDocument,
  RejectAdjustmentDocument,
  SubmitAdjustmentDocument,
  WithdrawAdjustmentDocument,
} from '../../generated';
import { CONFORMANCE, FLAG, LangContext, pick, useT } from '../../i18n';
import type { Viewer } from '../../session';
import { adjustmentSteps, type AdjustmentStep } from './rules';
import { StepButton } from './Step';

const STEP: Record<AdjustmentStep, [string, string]> = {
  submit: ['提交', 'Submit'],
  withdraw: ['撤回', 'Withdraw'],
  consult: ['会商', 'Consult'],
  answer: ['答复会商', 'Answer'],
  approve: ['批准', 'Approve'],
  reject: ['驳回', 'Reject'],
  apply: ['实施', 'Apply'],
};
const LABEL: Record<string, [string, string]> = {
  ADD: ['新增', 'Add'],
  REMOVE: ['取消', 'Remove'],
  DELEGATE: ['下放', 'Delegate'],
  RECLAIM: ['收回', 'Reclaim'],
  CHANGE: ['变更', 'Change'],
};

/** One adjustment: what it changes, its limits, its opinions, its impact as flags added/removed, and its steps. */
export function AdjustmentDetail({ id, viewer, onChanged }: { id: string; viewer: Viewer | null; onChanged: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { data, loading, error, refetch } = useQuery(AdjustmentDetailDocument, {
    variables: { id },
    fetchPolicy: 'network-only',
  });
  const [submit] = useMutation(SubmitAdjustmentDocument);
  const [withdraw] = useMutation(WithdrawAdjustmentDocument);
  const [consult] = useMutation(ConsultAdjustmentDocument);
  const [answer] = useMutation(AnswerAdjustmentDocument);
  const [approve] = useMutation(ApproveAdjustmentDocument);
  const [reject] = useMutation(RejectAdjustmentDocument);
  const [apply] = useMutation(ApplyAdjustmentDocument);
  if (error) return <Alert type="error" showIcon title={t('error')} description={error.message} />;
  const a = data?.adjustment;
  if (!a) return loading ? <Spin /> : <Empty />;
  const steps = adjustmentSteps(viewer, a);
  const done = () => {
    void refetch();
    onChanged();
  };
  const rev = a.revision;
  const pendingOpinions = a.opinions.some((o) => o.agrees !== true);
  const reason = { name: 'reason', label: t('decisionReason'), kind: 'textarea' as const };
  const stepButton = (s: AdjustmentStep) => {
    const common = { testId: `step-${s}`, label: pick(lang, STEP[s]), onDone: done };
    switch (s) {
      case 'submit':
        return (
          <StepButton
            {...common}
            primary
            fields={[reason]}
            run={(v) => submit({ variables: { id, reason: v.reason || null } })}
          />
        );
      case 'withdraw':
        return (
          <StepButton
            {...common}
            danger
            fields={[{ ...reason, required: true }]}
            run={(v) => withdraw({ variables: { id, reason: v.reason! } })}
          />
        );
      case 'consult':
        return (
          <StepButton
            {...common}
            fields={[{ name: 'bodies', label: t('bodiesToConsult'), required: true }, reason]}
            run={(v) =>
              consult({
                variables: { id, bodies: v.bodies!.split(/[,，\s]+/).filter(Boolean), reason: v.reason || null },
              })
            }
          />
        );
      case 'answer':
        return (
          <StepButton
            {...common}
            primary
            fields={[
              { name: 'agrees', label: t('opinions'), kind: 'agrees' },
              { name: 'text', label: t('message'), kind: 'textarea' },
            ]}
            run={(v) => answer({ variables: { id, agrees: v.agrees === 'true', text: v.text || null } })}
          />
        );
      case 'approve':
        return (
          <StepButton
            {...common}
            primary
            fields={[
              reason,
              ...(pendingOpinions && a.opinions.length ? [{ name: 'override', label: 'override', required: true }] : []),
            ]}
            run={(v) =>
              approve({ variables: { id, reason: v.reason || null, override: v.override || null, expectedRevision: rev } })
            }
          />
        );
      case 'reject':
        return (
          <StepButton
            {...common}
            danger
            fields={[{ ...reason, required: true }]}
            run={(v) => reject({ variables: { id, reason: v.reason!, expectedRevision: rev } })}
          />
        );
      case 'apply':
        return (
          <StepButton
            {...common}
            primary
            fields={[reason]}
            run={(v) => apply({ variables: { id, reason: v.reason || null, expectedRevision: rev } })}
          />
        );
    }
  };
  const impact = a.impact;
  const flagColumns = [
    { title: t('kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => pick(lang, FLAG[k], k) },
    { title: t('item'), dataIndex: 'item', key: 'item' },
    { title: t('place'), dataIndex: 'place', key: 'place' },
  ];
  const findingColumns = [
    { title: t('kind'), dataIndex: 'kind', key: 'kind', render: (k: string) => pick(lang, CONFORMANCE[k], k) },
    { title: t('catalogue'), dataIndex: 'catalogue', key: 'catalogue' },
    { title: t('item'), dataIndex: 'item', key: 'item' },
    { title: t('thisList'), dataIndex: 'value', key: 'value' },
    { title: t('guiding'), dataIndex: 'guidingValue', key: 'guidingValue' },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="adjustment-detail">
      <Space wrap data-testid="steps">
        <Typography.Text strong>{t('actions')}:</Typography.Text>
        {steps.length ? (
          steps.map((s) => <span key={s}>{stepButton(s)}</span>)
        ) : (
          <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
        )}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('state')}>
          <Tag data-testid="detail-state">{a.state}</Tag>
          {a.overdue && <Tag color="red">{t('overdue')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalogue')}>{a.catalogue}</Descriptions.Item>
        <Descriptions.Item label={t('applicant')}>{a.applicant}</Descriptions.Item>
        <Descriptions.Item label={t('effectiveFrom')}>{a.effectiveFrom}</Descriptions.Item>
        <Descriptions.Item label={t('subject')} span={2}>
          {a.reason} <Tag>{a.trigger}</Tag>
          {a.triggeredOn}
        </Descriptions.Item>
        {a.basis.length > 0 && (
          <Descriptions.Item label={t('basis')} span={2}>
            {a.basis.join('；')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('deadline')} span={2}>
          {a.applyBy && `申请 · apply by ${a.applyBy.day}${a.applyBy.provisional ? ' *' : ''}`}
          {a.applyBy && a.reviewBy && ' · '}
          {a.reviewBy && `审核 · review by ${a.reviewBy.day}${a.reviewBy.provisional ? ' *' : ''}`}
          {!a.applyBy && !a.reviewBy && t('none')}
        </Descriptions.Item>
        {a.decisionReason && <Descriptions.Item label={t('decisionReason')}>{a.decisionReason}</Descriptions.Item>}
        {a.appliedVersion != null && <Descriptions.Item label={t('versions')}>v{a.appliedVersion}</Descriptions.Item>}
        {a.dispute && <Descriptions.Item label={t('dispute')}>{a.dispute.number}</Descriptions.Item>}
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('changes')}</Typography.Title>
        <Space wrap>
          {a.changes.map((c, i) => {
            const doc = c.document as Record<string, unknown[] | undefined>;
            const n = ['catalogues', 'items', 'bodies', 'assignments']
              .map((k) => (doc[k]?.length ? `${k} ${doc[k]!.length}` : ''))
              .filter(Boolean);
            return (
              <Tag key={i} color="blue">
                {pick(lang, LABEL[c.label], c.label)}
                {n.length ? ` · ${n.join(', ')}` : ''}
              </Tag>
            );
          })}
        </Space>
      </div>
      {a.opinions.length > 0 && (
        <Table
          size="small"
          rowKey="body"
          pagination={false}
          title={() => t('opinions')}
          dataSource={a.opinions}
          columns={[
            { title: t('body'), dataIndex: 'body', key: 'body' },
            {
              title: t('opinions'),
              key: 'agrees',
              render: (o: { agrees?: boolean | null }) =>
                o.agrees == null ? (
                  <Tag>…</Tag>
                ) : o.agrees ? (
                  <Tag color="green">同意 · agrees</Tag>
                ) : (
                  <Tag color="red">不同意 · disagrees</Tag>
                ),
            },
            { title: t('message'), dataIndex: 'text', key: 'text' },
          ]}
        />
      )}
      <div data-testid="impact">
        <Typography.Title level={5}>
          {t('impact')}（{impact.effectiveFrom} · {impact.owner}）
        </Typography.Title>
        {impact.problems.length > 0 ? (
          <Alert
            type="error"
            showIcon
            title={t('problemsFound')}
            description={impact.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}
          />
        ) : impact.added.length + impact.removed.length === 0 ? (
          <Alert type="info" showIcon title={t('noImpact')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              {impact.counts.map((c) => (
                <Tag key={c.kind}>
                  {pick(lang, FLAG[c.kind], c.kind)} +{c.added} −{c.removed}
                </Tag>
              ))}
            </Space>
            <Table
              data-testid="impact-added"
              size="small"
              rowKey={(r) => `${r.kind}:${r.item}:${r.place}`}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: true }}
              title={() => <Typography.Text type="danger">{`${t('flagsAdded')} (${impact.added.length})`}</Typography.Text>}
              dataSource={impact.added}
              columns={flagColumns}
            />
            <Table
              data-testid="impact-removed"
              size="small"
              rowKey={(r) => `${r.kind}:${r.item}:${r.place}`}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: true }}
              title={() => <Typography.Text type="success">{`${t('flagsRemoved')} (${impact.removed.length})`}</Typography.Text>}
              dataSource={impact.removed}
              columns={flagColumns}
            />
          </Space>
        )}
        {impact.conformanceAdded.length + impact.conformanceRemoved.length > 0 && (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
            <Table
              size="small"
              rowKey={(r) => `${r.catalogue}:${r.kind}:${r.item}`}
              pagination={false}
              scroll={{ x: true }}
              title={() => `${t('findingsAdded')} (${impact.conformanceAdded.length})`}
              dataSource={impact.conformanceAdded}
              columns={findingColumns}
            />
            <Table
              size="small"
              rowKey={(r) => `${r.catalogue}:${r.kind}:${r.item}`}
              pagination={false}
              scroll={{ x: true }}
              title={() => `${t('findingsRemoved')} (${impact.conformanceRemoved.length})`}
              dataSource={impact.conformanceRemoved}
              columns={findingColumns}
            />
          </Space>
        )}
      </div>
    </Space>
  );
}
