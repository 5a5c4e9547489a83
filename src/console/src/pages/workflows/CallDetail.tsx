import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useContext } from 'react';
import {
  AcceptCallDocument,
  AnswerCallDocument,
  CallDetailDocument,
  RateCallDocument,
  ReassignCallDocument,
} from '../../generated';
import { LangContext, pick, useT } from '../../i18n';
import type { Viewer } from '../../session';
import { callSteps, type CallStep } from './rules';
import { StepButton } from './Step';

const STEP: Record<CallStep, [string, string]> = {
  accept: ['响应', 'Accept'],
  answer: ['反馈', 'Answer'],
  rate: ['评价', 'Rate'],
  reassign: ['改派', 'Reassign'],
};
const RATING: Record<string, string> = { 满意: 'SATISFIED', 基本满意: 'BASICALLY_SATISFIED', 不满意: 'UNSATISFIED' };
export const at = (ts: string | null | undefined) => (ts ? ts.slice(0, 16).replace('T', ' ') : '');

/** One 乡呼县应 call: what was asked, where it was routed and why, its limits, and the steps the role may take. */
export function CallDetail({ id, viewer, onChanged }: { id: string; viewer: Viewer | null; onChanged: () => void }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { data, loading, error, refetch } = useQuery(CallDetailDocument, { variables: { id }, fetchPolicy: 'network-only' });
  const [accept] = useMutation(AcceptCallDocument);
  const [answer] = useMutation(AnswerCallDocument);
  const [rate] = useMutation(RateCallDocument);
  const [reassign] = useMutation(ReassignCallDocument);
  if (error) return <Alert type="error" showIcon title={t('error')} description={error.message} />;
  const c = data?.call;
  if (!c) return loading ? <Spin /> : <Empty />;
  const done = () => {
    void refetch();
    onChanged();
  };
  // acting for a responder: the token's own body, else (an EDITOR) the first responder
  const body = c.responders.includes(viewer?.subject ?? '') ? null : (c.responders[0] ?? null);
  const button = (s: CallStep) => {
    const common = { testId: `step-${s}`, label: pick(lang, STEP[s]), onDone: done };
    switch (s) {
      case 'accept':
        return (
          <StepButton
            {...common}
            primary
            fields={[]}
            run={() => accept({ variables: { id, body, expectedRevision: c.revision } })}
          />
        );
      case 'answer':
        return (
          <StepButton
            {...common}
            primary
            fields={[{ name: 'answer', label: t('message'), kind: 'textarea', required: true }]}
            run={(v) => answer({ variables: { id, answer: v.answer!, body, expectedRevision: c.revision } })}
          />
        );
      case 'rate':
        return (
          <StepButton
            {...common}
            fields={[
              { name: 'rating', label: '满意 / 基本满意 / 不满意', required: true },
              { name: 'comment', label: t('message'), kind: 'textarea' },
            ]}
            run={(v) =>
              rate({
                variables: {
                  id,
                  rating: (RATING[v.rating!.trim()] ?? v.rating!.trim().toUpperCase()) as never,
                  comment: v.comment || null,
                },
              })
            }
          />
        );
      case 'reassign':
        return (
          <StepButton
            {...common}
            danger
            fields={[
              { name: 'to', label: t('bodiesToConsult'), required: true },
              { name: 'reason', label: t('decisionReason'), kind: 'textarea', required: true },
            ]}
            run={(v) =>
              reassign({
                variables: { id, to: v.to!.split(/[,，\s]+/).filter(Boolean), reason: v.reason!, expectedRevision: c.revision },
              })
            }
          />
        );
    }
  };
  const steps = callSteps(viewer, c);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="call-detail">
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
          <Tag data-testid="detail-state">{c.state}</Tag>
          {c.escalations > 0 && <Tag color="red">督办 ×{c.escalations}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('deadline')}>
          响应 · accept by {at(c.acceptBy)}
          {c.answerBy && ` · 反馈 · answer by ${c.answerBy}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('item')}>
          {c.item} · {c.domain}
        </Descriptions.Item>
        <Descriptions.Item label={t('township')}>{c.township}</Descriptions.Item>
        <Descriptions.Item label={t('subject')} span={2}>
          {c.text}
          {c.location && ` （${c.location}）`}
          {c.complex && <Tag style={{ marginLeft: 8 }}>复杂 · complex</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('holders')} span={2}>
          {c.responders.map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
          <Tag color="blue">{c.routeRule}</Tag>
          {c.referral && <Tag color="orange">{c.referral}</Tag>}
        </Descriptions.Item>
        {c.answer && (
          <Descriptions.Item label={t('message')} span={2}>
            {c.answer} · {at(c.answeredAt)}
            {c.rating && <Tag style={{ marginLeft: 8 }}>{c.rating}</Tag>}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        size="small"
        rowKey={(r) => `${r.body}:${r.rule}`}
        pagination={false}
        title={() => t('holders')}
        dataSource={c.responderHistory}
        columns={[
          { title: t('body'), dataIndex: 'body', key: 'body' },
          { title: t('resolution'), dataIndex: 'rule', key: 'rule' },
          { title: t('fromList'), dataIndex: 'catalogue', key: 'catalogue' },
        ]}
      />
    </Space>
  );
}
