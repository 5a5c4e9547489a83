import { enumOf, registerEnumType } from '../../graphql/enums';
import { LEVELS } from './jurisdiction.code';

/** The GraphQL enum of administrative levels, generated from LEVELS. */
export const Level = enumOf(LEVELS);
export type Level = (typeof LEVELS)[number];
registerEnumType(Level, {
  name: 'Level',
  description: '行政层级 · Administrative level',
  valuesConfig: {
    PROVINCE: { description: '省级 · province' },
    CITY: { description: '市级 · city (prefecture)' },
    COUNTY: { description: '县级 · county' },
    TOWNSHIP: { description: '乡级（乡、镇、街道）· township, town or subdistrict' },
  },
});
