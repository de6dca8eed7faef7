// The Annex A workbook: one sheet per list, named and headed as Ofsted's
// template, dates written as real dates shown dd/mm/yyyy.
import ExcelJS from 'exceljs';
import { ANNEX_A_LISTS } from './lists.ts';
import type { AnnexA, Cell } from './rules.ts';

const asDate = (value: string) => new Date(`${value}T00:00:00Z`);

/** Builds the workbook for the lists; `xlsx.writeBuffer()` or `xlsx.write(stream)` sends it. */
export function annexAWorkbook(lists: AnnexA, day: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Steadfast';
  workbook.created = asDate(day);
  for (const list of ANNEX_A_LISTS) {
    const sheet = workbook.addWorksheet(list.sheet);
    sheet.columns = list.columns.map((header) => ({
      header,
      key: header,
      width: Math.min(Math.max(header.length + 2, 12), 40),
      style: list.dates.includes(header) ? { numFmt: 'dd/mm/yyyy' } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of lists[list.id]) {
      const cells: Record<string, Cell | Date> = {};
      for (const header of list.columns) {
        const value = row[header] ?? null;
        cells[header] = value !== null && list.dates.includes(header) ? asDate(String(value)) : value;
      }
      sheet.addRow(cells);
    }
  }
  return workbook;
}

/** The workbook as the bytes of an .xlsx file. */
export async function annexAXlsx(lists: AnnexA, day: string): Promise<Buffer> {
  return Buffer.from(await annexAWorkbook(lists, day).xlsx.writeBuffer());
}

/** The file's name: Annex_A_<day>.xlsx. */
export const annexAFileName = (day: string) => `Annex_A_${day}.xlsx`;
