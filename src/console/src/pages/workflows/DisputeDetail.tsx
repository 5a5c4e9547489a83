import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Descriptions, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useContext } from 'react';
import {
  AddDisputeStatementDocument,
  DisputeDetailDocument,
  RuleDisputeDocument,
  WithdrawDisputeDocument,
} from '../../generated';
import { LangContext, pick, useT } from '../../i18n';
import type { Viewer } from '../../session';
import { disputeSteps, type DisputeStep } from './rules';
import { StepButton } from './Step';

const STEP: Record<DisputeStep, [string, string]> = {
  state: ['陈述', 'Add a statement'],
  rule: ['裁定', 'Rule'],
  withdraw: ['撤回', 'Withdraw'],
};

/** One dispute: parties, places, statements, its ruling limit, the ruling; and the steps the role may take. */
export function DisputeDetail({ id, viewer, onChanged }: { id: string; viewer: Viewer | null; onChanged: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { data, loading, error, refetch } = useQuery(DisputeDetailDocument, { variables: { id }, fetchPolicy: 'network-only' });
  const [state] = useMutation(AddDisputeStatementDocument);
  const [rule] = useMutation(RuleDisputeDocument);
  const [withdraw] = useMutation(WithdrawDisputeDocument);
  if (error) return <Alert type="error" showIcon title={t('error')} description={error.message} />;
  const d = data?.dispute;
  if (!d) return loading ? <Spin /> : <Empty />;
  const done = () => {
    void refetch();
    onChanged();
  };
  const steps = disputeSteps(viewer, d);
  const button = (s: DisputeStep) => {
    const common = { testId: `step-${s}`, label: pick(lang, STEP[s]), onDone: done };
    switch (s) {
      case 'state':
        return (
          <StepButton
            {...common}
            fields={[
              ...(d.parties.includes(viewer?.subject ?? '') ? [] : [{ name: 'body', label: t('party'), required: true }]),
              { name: 'text', label: t('message'), kind: 'textarea' as const, required: true },
            ]}
            run={(v) => state({ variables: { id, text: v.text!, body: v.body || null } })}
          />
        );
      case 'rule':
        return (
          <StepButton
            {...common}
            primary
            fields={[
              { name: 'decision', label: t('decision'), kind: 'textarea', required: true },
              { name: 'basis', label: t('basis') },
            ]}
            run={(v) =>
              rule({
                variables: {
                  id,
                  ruling: {
                    decision: v.decision!,
                    basis: v.basis
                      ? v.basis
                          .split(/[;；]/)
                          .map((x) => x.trim())
                          .filter(Boolean)
                      : [],
                  },
                  expectedRevision: d.revision,
                },
              })
            }
          />
        );
      case 'withdraw':
        return (
          <StepButton
            {...common}
            danger
            fields={[{ name: 'reason', label: t('decisionReason'), kind: 'textarea', required: true }]}
            run={(v) => withdraw({ variables: { id, reason: v.reason!, expectedRevision: d.revision } })}
          />
        );
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="dispute-detail">
      <Space wrap data-testid="steps">
        <Typography.Text strong>{t('actions')}:</Typography.Text>
        {steps.length ? (
          steps.map((s) => <span key={s}>{button(s)}</span>)
        ) : (
          <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
        )}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('state')}>
          <Tag data-testid="detail-state">{d.state}</Tag>
          {d.overdue && <Tag color="red">{t('overdue')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('deadline')}>
          {d.ruleBy.day}
          {d.ruleBy.provisional ? ' *' : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('item')}>{d.item}</Descriptions.Item>
        <Descriptions.Item label={t('place')}>{d.places.join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('subject')} span={2}>
          {d.subject}
        </Descriptions.Item>
        <Descriptions.Item label={t('parties')} span={2}>
          {d.parties.map((p) => (
            <Tag key={p} color={p === d.raisedBy ? 'orange' : undefined}>
              {p}
            </Tag>
          ))}
        </Descriptions.Item>
        {d.decision && (
          <Descriptions.Item label={t('decision')} span={2}>
            {d.decision}
            {d.rulingBasis.length > 0 && ` （${d.rulingBasis.join('；')}）`} · {d.ruledBy} · {d.ruledOn}
          </Descriptions.Item>
        )}
        {d.withdrawReason && <Descriptions.Item label={t('decisionReason')}>{d.withdrawReason}</Descriptions.Item>}
        {d.adjustment && (
          <Descriptions.Item label={t('adjustment')}>
            {d.adjustment.number} <Tag>{d.adjustment.state}</Tag>
          </Descriptions.Item>
        )}
      </Descriptions>
      <List
        size="small"
        header={t('statements')}
        bordered
        dataSource={d.statements}
        locale={{ emptyText: t('none') }}
        renderItem={(s) => (
          <List.Item>
            <Typography.Text strong>{s.body}</Typography.Text>：{s.text}
            <Typography.Text type="secondary">
              {' '}
              · {s.madeBy} · {s.madeAt.slice(0, 16).replace('T', ' ')}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Space>
  );
}
