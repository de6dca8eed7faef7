import { describeAccessMatrix } from './support/access-matrix.ts';

describeAccessMatrix({ recordPages: { slice: 2, of: 2 } });
