import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { WorkflowAdjustmentsDocument, WorkflowCallsDocument, WorkflowDisputesDocument } from '../../generated';
import type { Viewer } from '../../session';
import { AdjustmentDetail } from './AdjustmentDetail';
import { at, CallDetail } from './CallDetail';
import { DisputeDetail } from './DisputeDetail';

/** One line of the inbox, whatever workflow it comes from. */
export interface InboxRow {
  key: string;
  source: string;
  id: string;
  number: string;
  /** what it is about (an adjustment's reason, a dispute's subject) */
  title: string;
  /** what it concerns (catalogue, item, places), shown under the title */
  concerns: string;
  state: string;
  /** the time limit that runs now (the last day, counted in working days) */
  deadline: { day: string; provisional: boolean } | null;
  overdue: boolean;
  updatedAt: string;
}

export interface InboxFilter {
  scopeCode: string;
  /** states of this source to show; empty: every state */
  states: string[];
  overdueOnly: boolean;
}

export interface SourceResult {
  rows: InboxRow[];
  total: number;
  loading: boolean;
  error?: Error;
  refetch: () => void;
}

/**
 * A workflow that feeds the inbox. Adding one (乡呼县应 calls, say) is one more entry in SOURCES: its states
 * with their labels, a hook that loads its rows for the filter, and the drawer that shows one item and offers
 * the steps the role may take.
 */
export interface InboxSource {
  key: string;
  label: [string, string];
  states: Record<string, [string, string]>;
  /** states still waiting for someone: the inbox's default */
  open: string[];
  useRows(filter: InboxFilter, skip: boolean): SourceResult;
  detail(props: { id: string; viewer: Viewer | null; onChanged: () => void }): ReactNode;
}

const FIRST = 100;

const adjustments: InboxSource = {
  key: 'adjustment',
  label: ['调整申请', 'Adjustment'],
  states: {
    DRAFT: ['草稿', 'Draft'],
    SUBMITTED: ['已提交', 'Submitted'],
    CONSULTING: ['会商中', 'Consulting'],
    APPROVED: ['已批准', 'Approved'],
    APPLIED: ['已实施', 'Applied'],
    REJECTED: ['已驳回', 'Rejected'],
    WITHDRAWN: ['已撤回', 'Withdrawn'],
  },
  open: ['DRAFT', 'SUBMITTED', 'CONSULTING', 'APPROVED'],
  useRows(filter, skip) {
    const { data, loading, error, refetch } = useQuery(WorkflowAdjustmentsDocument, {
      skip,
      variables: {
        scopeCode: filter.scopeCode,
        states: (filter.states.length ? filter.states : null) as never,
        overdue: filter.overdueOnly ? true : null,
        first: FIRST,
      },
      fetchPolicy: 'cache-and-network',
    });
    const rows = (data?.adjustments.edges ?? []).map(({ node: a }) => ({
      key: `adjustment:${a.id}`,
      source: 'adjustment',
      id: a.id,
      number: a.number,
      title: a.reason,
      concerns: `${a.catalogue} · ${a.applicant}`,
      state: a.state,
      // a draft runs against the application limit, one under review against the review limit
      deadline:
        a.state === 'DRAFT' ? (a.applyBy ?? null) : ['SUBMITTED', 'CONSULTING'].includes(a.state) ? (a.reviewBy ?? null) : null,
      overdue: a.overdue,
      updatedAt: a.updatedAt,
    }));
    return {
      rows: skip ? [] : rows,
      total: skip ? 0 : (data?.adjustments.totalCount ?? 0),
      loading,
      error,
      refetch: () => void refetch(),
    };
  },
  detail: (p) => <AdjustmentDetail {...p} />,
};

const disputes: InboxSource = {
  key: 'dispute',
  label: ['职责争议', 'Dispute'],
  states: { OPEN: ['待裁定', 'Open'], RULED: ['已裁定', 'Ruled'], WITHDRAWN: ['已撤回', 'Withdrawn'] },
  open: ['OPEN'],
  useRows(filter, skip) {
    const { data, loading, error, refetch } = useQuery(WorkflowDisputesDocument, {
      skip,
      variables: {
        scopeCode: filter.scopeCode,
        states: (filter.states.length ? filter.states : null) as never,
        overdue: filter.overdueOnly ? true : null,
        first: FIRST,
      },
      fetchPolicy: 'cache-and-network',
    });
    const rows = (data?.disputes.edges ?? []).map(({ node: d }) => ({
      key: `dispute:${d.id}`,
      source: 'dispute',
      id: d.id,
      number: d.number,
      title: d.subject,
      concerns: `${d.item} · ${d.places.join('、')}`,
      state: d.state,
      deadline: d.state === 'OPEN' ? d.ruleBy : null,
      overdue: d.overdue,
      updatedAt: d.updatedAt,
    }));
    return {
      rows: skip ? [] : rows,
      total: skip ? 0 : (data?.disputes.totalCount ?? 0),
      loading,
      error,
      refetch: () => void refetch(),
    };
  },
  detail: (p) => <DisputeDetail {...p} />,
};

/** 乡呼县应: a call runs against its accept limit until accepted, then its answer limit; 督办中 is past one. */
const calls: InboxSource = {
  key: 'call',
  label: ['乡呼县应', 'Call'],
  states: {
    CALLED: ['已呼叫', 'Called'],
    DISPATCHED: ['已派单', 'Dispatched'],
    ACCEPTED: ['已响应', 'Accepted'],
    ANSWERED: ['已反馈', 'Answered'],
    RATED: ['已评价', 'Rated'],
    ESCALATED: ['督办中', 'Escalated'],
  },
  open: ['CALLED', 'DISPATCHED', 'ACCEPTED', 'ANSWERED', 'ESCALATED'],
  useRows(filter, skip) {
    // the API has no overdue filter for calls: 督办中 (ESCALATED) is a call past its limit
    const states = filter.overdueOnly ? ['ESCALATED'] : filter.states;
    const { data, loading, error, refetch } = useQuery(WorkflowCallsDocument, {
      skip,
      variables: { scopeCode: filter.scopeCode, states: (states.length ? states : null) as never, first: FIRST },
      fetchPolicy: 'cache-and-network',
    });
    const rows = (data?.calls.edges ?? []).map(({ node: c }) => ({
      key: `call:${c.id}`,
      source: 'call',
      id: c.id,
      number: c.number,
      title: c.text,
      concerns: `${c.item} · ${c.township} → ${c.responders.join('、')}`,
      state: c.state,
      deadline: ['ANSWERED', 'RATED'].includes(c.state)
        ? null
        : { day: c.acceptedAt ? (c.answerBy ?? '') : at(c.acceptBy), provisional: false },
      overdue: c.state === 'ESCALATED',
      updatedAt: c.raisedAt,
    }));
    return {
      rows: skip ? [] : rows,
      total: skip ? 0 : (data?.calls.totalCount ?? 0),
      loading,
      error,
      refetch: () => void refetch(),
    };
  },
  detail: (p) => <CallDetail {...p} />,
};

/** Every workflow of the inbox, in the order of the type filter. */
export const SOURCES: InboxSource[] = [adjustments, disputes, calls];
