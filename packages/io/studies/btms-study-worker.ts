/** Worker thread of `runStudy`: builds the study context once, then runs the cases it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { makeStudyContext, runStudyCase } from './btms-study.js';
import type { StudyCase, StudySpec } from '../../core/studies/index.js';
import type { BtmsTempModel } from '../../core/btms/index.js';

const data = workerData as { spec: StudySpec; model: BtmsTempModel | undefined; file?: string; baseDir?: string };
const ctx = makeStudyContext(data.spec, data.model, data.file, data.baseDir);
parentPort!.on('message', (c: StudyCase) => {
  try {
    parentPort!.postMessage({ index: c.index, metrics: runStudyCase(ctx, c) });
  } catch (e) {
    parentPort!.postMessage({ index: c.index, error: (e as Error).message ?? String(e) });
  }
});
