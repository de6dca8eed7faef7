import { describeAccessMatrix } from './support/access-matrix.ts';

describeAccessMatrix({ recordPages: { slice: 1, of: 2 } });
