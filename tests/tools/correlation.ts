// npx tsx tests/tools/correlation.ts — Pearson's r of each step rubric with style, over every path.
import { loadContent } from '../../src/lib/content/load';
import { readContentDir } from '../../src/lib/content/read-dir';
import { styleCorrelation } from '../unit/rubric-correlation';

const content = loadContent(readContentDir(process.cwd()));
console.log(JSON.stringify(styleCorrelation(content.scenarios, content.rubrics)));
