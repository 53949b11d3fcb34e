/**
 * The schema engine: pure functions from CommCare records to rows, and from rows to table plans.
 * No network, no database, no clock (times are passed in). See design.md §5–§6.
 */
export type { CaseLookups } from './case-row.ts';
export { CASE_COLUMNS, caseToRow, shortUsername, xmlCaseToRow } from './case-row.ts';
export type { FormRowsOptions } from './form-rows.ts';
export { FORM_INSTANCE_ID, FORM_ROW_ID, formToRows } from './form-rows.ts';
export type { HashMode, SensitiveOptions } from './hashing.ts';
export {
  createBatchProtector,
  createRowProtector,
  HASH_LENGTH,
  hashSensitiveValue,
  protectRows,
  sensitiveColumnName,
} from './hashing.ts';
export { inferColumnTypes, inferValueType, valueFits, valueForColumn } from './infer.ts';
export { columnNameFor, cutToBytes, MAX_IDENTIFIER_BYTES, normalizeHeaders } from './naming.ts';
export type { DdlStep, ExistingColumn, ExistingTable, PlanInput, PlannedColumn, TablePlan } from './plan.ts';
export { planTable } from './plan.ts';
export type { ColumnType, RowBatch, SourceRow } from './types.ts';
export { COLUMN_TYPES, isColumnType, isWithin, joinTypes, SYNC_STAMP_COLUMN } from './types.ts';
