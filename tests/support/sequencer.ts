import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files, longest first. With two files at a time, the run ends when the last long
 * file does; vitest orders by the durations it remembers, but CI starts from a clean clone with
 * none, and orders by file size, which put the every-page axe walk (a small file) near the end.
 */
const LONGEST = [
  'tests/e2e/every-page.e2e.test.ts',
  'tests/e2e/referral-journey.e2e.test.ts',
  'tests/e2e/community.e2e.test.ts',
  'tests/e2e/ipt-course.e2e.test.ts',
  'tests/integration/route-meta.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Projects keep the order vitest gave them; only files within a project move.
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((path) => f.moduleId.endsWith(path));
      return i < 0 ? LONGEST.length : i;
    };
    return sorted
      .map((file, index) => ({ file, index }))
      .sort(
        (a, b) =>
          projects.indexOf(a.file.project.name) - projects.indexOf(b.file.project.name) ||
          rank(a.file) - rank(b.file) ||
          a.index - b.index,
      )
      .map(({ file }) => file);
  }
}
