import { applyDecorators, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/**
 * One CSV cell (RFC 4180 quoting). A value that a spreadsheet would run as a formula (=, +, -, @ first) is
 * quoted with a leading apostrophe, so an exported name like "=HYPERLINK(…)" stays text.
 */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^[=+\-@]/.test(value)
    ? `"${value.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"`
    : value;
}

/** Rows to a CSV document with CRLF line ends, as spreadsheets expect. */
export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A route that answers a CSV download named `filename` (the headers, and the OpenAPI description of the answer). */
export function CsvFile(filename: string) {
  return applyDecorators(
    Header('content-type', 'text/csv; charset=utf-8'),
    Header('content-disposition', `attachment; filename="${filename}"`),
    ApiProduces('text/csv'),
    ApiOkResponse({ schema: { type: 'string' } }),
  );
}
