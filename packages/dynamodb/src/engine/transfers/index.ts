export { exportTableToPointInTime, describeExport, listExports } from "./exportTable.js";
export { importTable, describeImport, listImports } from "./importTable.js";
export { failInterruptedTransfers } from "./interrupted.js";
