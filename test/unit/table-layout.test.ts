import {
  categoryOf,
  columnOf,
  isTownshipRelative,
  readPerHolder,
  splitBasis,
  splitList,
  writePerHolder,
} from '../../src/modules/exchange/table/table.layout';

describe('table layout', () => {
  it.each(['乡镇(街道)', '乡镇（街道）', '各镇街', '属地乡镇(街道)', '镇(街道)', '乡镇人民政府(街道办事处)'])(
    '%s names the township government wherever the item applies',
    (cell) => expect(isTownshipRelative(cell)).toBe(true),
  );
  it('one township by name is not the relative holder', () => expect(isTownshipRelative('龙泉街道')).toBe(false));

  it('splits lists and citations as clerks write them', () => {
    expect(splitList(' 甲、乙；丙,\n丁 ')).toEqual(['甲', '乙', '丙', '丁']);
    expect(splitBasis('《甲法》第一条；《乙法》')).toEqual(['《甲法》第一条', '《乙法》']);
    expect(splitBasis('《甲法》第一条、第二条\n《乙法》')).toEqual(['《甲法》第一条、第二条', '《乙法》']);
  });

  it('per-holder texts round-trip', () => {
    const values = [
      { holder: '甲局', text: '牵头' },
      { holder: '乙局', text: '配合' },
    ];
    const cell = writePerHolder(values);
    expect(readPerHolder(cell, ['甲局', '乙局'])).toEqual(
      new Map([
        ['甲局', '牵头'],
        ['乙局', '配合'],
      ]),
    );
    expect(
      writePerHolder([
        { holder: '甲局', text: '同' },
        { holder: '乙局', text: '同' },
      ]),
    ).toBe('同');
  });

  it('reads headers and category labels', () => {
    expect(columnOf('事项名称')).toBeDefined();
    expect(categoryOf('属地管理事项')).toBe('TERRITORIAL');
    expect(categoryOf('不存在')).toBeNull();
  });
});
