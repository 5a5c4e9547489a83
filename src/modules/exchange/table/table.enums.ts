import { enumOf, registerEnumType } from '../../../graphql/enums';
import { CSV_ENCODINGS } from './table.export';
import { TABLE_FORMATS } from './table.read';

/** The GraphQL enums of the table format, generated from TABLE_FORMATS and CSV_ENCODINGS. */
export const TableFormatEnum = enumOf(TABLE_FORMATS);
export const CsvEncodingEnum = enumOf(CSV_ENCODINGS);
registerEnumType(TableFormatEnum, {
  name: 'TableFormat',
  description: '表格格式 · Table file format',
  valuesConfig: {
    XLSX: { description: 'Excel 工作簿（读第一个可见工作表）· Excel workbook (its first visible sheet)' },
    CSV: { description: 'CSV' },
  },
});
registerEnumType(CsvEncodingEnum, {
  name: 'CsvEncoding',
  description: 'CSV 编码 · CSV character encoding',
  valuesConfig: {
    UTF8: { description: 'UTF-8（带 BOM，Excel 可直接打开）· UTF-8 with a BOM, which Excel recognises' },
    GB18030: { description: 'GB18030（旧版中文 Excel 的默认编码）· what older Chinese Excel reads by default' },
  },
});
