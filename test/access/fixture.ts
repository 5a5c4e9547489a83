import type { Principal } from '../../src/modules/access/access.rules';

/**
 * Two neighbouring counties of 烟台: 招远市 370685 (the callers' scope) and 莱州市 370683 (outside it).
 * Each has a department, a LOCAL list and an item with a county–township overlap (a flag to acknowledge);
 * SHARED-ITEM is listed by both counties.
 */
export const FIXTURE = {
  format: 'shudi-catalogue/1',
  bodies: [
    { code: 'IN-DEPT', name: '招远市测试局', jurisdiction: '370685', kind: 'DEPARTMENT' },
    { code: 'OUT-DEPT', name: '莱州市测试局', jurisdiction: '370683', kind: 'DEPARTMENT' },
  ],
  items: [
    { code: 'IN-ITEM', name: '招远事项', domain: '测试', category: 'TERRITORIAL' },
    { code: 'OUT-ITEM', name: '莱州事项', domain: '测试', category: 'TERRITORIAL' },
    { code: 'SHARED-ITEM', name: '共用事项', domain: '测试', category: 'TERRITORIAL' },
  ],
  catalogues: [
    {
      code: 'IN-CAT',
      name: '招远市测试清单',
      owner: '370685',
      kind: 'LOCAL',
      validFrom: '2020-01-01',
      entries: [{ item: 'IN-ITEM' }, { item: 'SHARED-ITEM' }],
    },
    {
      code: 'OUT-CAT',
      name: '莱州市测试清单',
      owner: '370683',
      kind: 'LOCAL',
      validFrom: '2020-01-01',
      entries: [{ item: 'OUT-ITEM' }, { item: 'SHARED-ITEM' }],
    },
  ],
  assignments: [
    {
      item: 'IN-ITEM',
      scope: '370685',
      body: 'IN-DEPT',
      role: 'PRIMARY',
      duty: '县级主责',
      catalogue: 'IN-CAT',
      validFrom: '2020-01-01',
    },
    {
      item: 'IN-ITEM',
      scope: '370685004',
      relative: 'TOWNSHIP_GOVERNMENT',
      role: 'PRIMARY',
      duty: '街道主责',
      catalogue: 'IN-CAT',
      validFrom: '2020-01-01',
    },
    {
      item: 'OUT-ITEM',
      scope: '370683',
      body: 'OUT-DEPT',
      role: 'PRIMARY',
      duty: '县级主责',
      catalogue: 'OUT-CAT',
      validFrom: '2020-01-01',
    },
    {
      item: 'OUT-ITEM',
      scope: '370683001',
      relative: 'TOWNSHIP_GOVERNMENT',
      role: 'PRIMARY',
      duty: '街道主责',
      catalogue: 'OUT-CAT',
      validFrom: '2020-01-01',
    },
  ],
};

/** The date the fixture's flags are asked on. */
export const AS_OF = '2024-06-01';

export const SCOPE = '370685';
export const PRINCIPALS: Record<string, Principal> = {
  ANONYMOUS: { subject: null, role: null, scope: null },
  VIEWER: { subject: '招远市查询员', role: 'VIEWER', scope: SCOPE },
  EDITOR: { subject: '招远市清单编辑', role: 'EDITOR', scope: SCOPE },
  REVIEWER: { subject: '招远市委编办', role: 'REVIEWER', scope: SCOPE },
  ADMIN: { subject: '省编办管理员', role: 'ADMIN', scope: null },
};
