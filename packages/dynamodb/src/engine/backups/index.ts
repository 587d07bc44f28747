export { createBackup } from "./createBackup.js";
export { describeBackup } from "./describeBackup.js";
export { listBackups } from "./listBackups.js";
export { deleteBackup } from "./deleteBackup.js";
export { restoreTableFromBackup } from "./restoreTableFromBackup.js";
export { restoreTableToPointInTime } from "./restoreTableToPointInTime.js";
export { describeContinuousBackups, updateContinuousBackups } from "./continuousBackups.js";
