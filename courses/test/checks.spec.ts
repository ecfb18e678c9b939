import { formatProblem, loadContent } from '../src/index.js';
import { fixture } from './fixtures.js';

// One broken fixture per kind of problem. Each expectation is `file:line` plus a part of the message,
// and the list is exhaustive: a fixture that reported anything else would be testing two things.
type Expected = [where: string, message: string];

const CASES: Record<string, Expected[]> = {
  'front-matter-missing': [
    ['basics/01-first.md:1', 'missing front matter'],
    ['basics/02-unclosed.md:1', 'missing front matter'],
  ],
  'front-matter-yaml': [['basics/01-first.md:3', 'invalid YAML: Nested mappings']],
  'field-missing': [['basics/01-first.md:1', 'missing required field "title"']],
  'field-type': [
    ['basics/01-first.md:4', '"minutes" must be an integer'],
    ['basics/course.md:9', '"pass_mark" must be a number'],
  ],
  'unknown-field': [['basics/01-first.md:7', 'unknown field "content-note"']],
  'course-fields': [
    ['basics/course.md:2', 'slug "basic" does not match the folder name "basics"'],
    ['basics/course.md:5', 'lang "english" must be a two-letter language code'],
    ['basics/course.md:6', 'category "ethic" must be one of'],
  ],
  'unknown-competency': [
    ['basics/01-first.md:6', 'unknown competency "NOPE.1"'],
    ['basics/01-first.md:11', 'unknown competency "NOPE.2"'],
    ['basics/course.md:8', 'unknown competency "NOPE.5"'],
    ['basics/drills/basics-drill.md:5', 'unknown competency "NOPE.3"'],
    ['basics/drills/basics-drill.md:13', 'unknown competency "NOPE.4"'],
  ],
  'quiz-count': [['basics/01-first.md:8', 'a quiz needs 4–8 questions (has 3)']],
  'choice-count': [['basics/01-first.md:12', 'a question needs 3–4 choices (has 2)']],
  'answer-unknown': [
    ['basics/01-first.md:11', 'answer "z" is not one of the choice ids (a, b, c, d)'],
  ],
  'choice-explain': [
    ['basics/01-first.md:14', 'missing required field "quiz[0].choices[1].explain"'],
  ],
  'duplicate-module-id': [
    ['basics/02-second.md:2', 'duplicate module id "basics-01" (also in basics/01-first.md)'],
  ],
  'duplicate-question-id': [['basics/01-first.md:17', 'duplicate question id "q1"']],
  'duplicate-choice-id': [['basics/01-first.md:15', 'duplicate choice id "a"']],
  'duplicate-drill-id': [
    [
      'more/drills/basics-drill.md:2',
      'duplicate drill id "basics-drill" (also in basics/drills/basics-drill.md)',
    ],
  ],
  'duplicate-node-id': [['basics/drills/basics-drill.md:21', 'duplicate node id "listened"']],
  'module-missing': [['basics/course.md:7', 'module file "02-gone.md" does not exist']],
  'module-unlisted': [
    ['basics/course.md:7', 'module file "02-extra.md" is not listed in "modules"'],
  ],
  'broken-link': [
    ['basics/01-first.md:23', 'link "./09-gone.md" does not lead to a module file'],
    ['basics/01-first.md:24', 'link "../other/01-first.md#top" does not lead to a module file'],
  ],
  // Module bodies are compiled into pages (mdsvex): markup that could run is refused at its line; code may show it.
  'hostile-markup': [
    ['basics/01-first.md:23', 'raw HTML is not allowed'],
    ['basics/01-first.md:25', 'raw HTML is not allowed'],
    ['basics/01-first.md:27', 'raw HTML is not allowed'],
    ['basics/01-first.md:29', 'raw HTML is not allowed'],
    ['basics/01-first.md:31', 'raw HTML is not allowed'],
    ['basics/01-first.md:33', 'curly braces are page code'],
    ['basics/01-first.md:35', 'raw HTML is not allowed'],
    ['basics/01-first.md:35', `link "javascript:alert('link'" uses the scheme "javascript:"`],
    ['basics/01-first.md:35', 'link "data:text/html,<b" uses the scheme "data:"'],
    ['basics/01-first.md:37', 'link "JaVa&#115;cript:alert(1" does not lead to a module file'],
    ['basics/01-first.md:37', 'raw HTML is not allowed'],
    ['basics/01-first.md:37', 'link "JaVa&#115;cript:alert(1" may not use character references'],
    ['basics/01-first.md:39', 'link "vbscript:msgbox(1)" uses the scheme "vbscript:"'],
    ['basics/01-first.md:41', 'raw HTML is not allowed'],
    ['basics/01-first.md:43', 'raw HTML is not allowed'],
  ],
  'minutes-range': [['basics/01-first.md:4', '"minutes" must be between 15 and 40 (is 45)']],
  'word-budget': [
    [
      'basics/01-first.md:4',
      'minutes 15 differ from the CE-minute basis 25: reading 16 (1806 words at 120 a minute) + reflection 5 + 4 for 4 questions, rounded up to 5 (courses/README.md)',
    ],
    ['basics/01-first.md:21', 'body has 1806 words, over the budget of 1800 for 15 minutes'],
  ],
  // CE hours are counted from `minutes`: an original says its basis, a translation the original's.
  'minutes-basis': [
    [
      'basics/02-second.md:4',
      'minutes 20 differ from the CE-minute basis 15: reading 1 (8 words at 120 a minute) + reflection 5 + 4 for 4 questions, rounded up to 5 (courses/README.md)',
    ],
    ['es/basics/01-first.md:6', "minutes 20 differ from the original's 15"],
  ],
  'drill-first-node': [
    ['basics/drills/basics-drill.md:11', 'the first node must be "start" (found "intro")'],
  ],
  'drill-choice-malformed': [
    ['basics/drills/basics-drill.md:14', 'malformed choice'],
    ['basics/drills/basics-drill.md:15', '"score" must be an integer'],
    ['basics/drills/basics-drill.md:16', 'missing required field "feedback"'],
    ['basics/drills/basics-drill.md:17', 'malformed choice'],
    ['basics/drills/basics-drill.md:18', 'unknown field "tone"'],
  ],
  'drill-target-missing': [
    ['basics/drills/basics-drill.md:14', 'choice target "nowhere" is not a node of this drill'],
  ],
  'drill-unreachable': [
    ['basics/drills/basics-drill.md:21', 'node "orphan" cannot be reached from "start"'],
  ],
  'drill-no-ending': [
    ['basics/drills/basics-drill.md:28', 'no ending can be reached from node "loop1"'],
    ['basics/drills/basics-drill.md:32', 'no ending can be reached from node "loop2"'],
  ],
  'drill-ending-choices': [
    ['basics/drills/basics-drill.md:23', 'ending "END:helped" cannot have choices'],
  ],
  'drill-dead-end': [
    ['basics/drills/basics-drill.md:28', 'node "stuck" has no choices and is not an ending'],
  ],
  'drill-bad-outcome': [
    [
      'basics/drills/basics-drill.md:21',
      'outcome "happy" must be one of resolved, referred, escalated, unsafe',
    ],
    ['basics/drills/basics-drill.md:24', 'an ending needs `{outcome:'],
  ],
  'drill-pass': [
    ['basics/drills/basics-drill.md:7', 'pass 10 is more than the best possible score 4'],
  ],
  'drill-id': [
    [
      'basics/drills/basics-drill.md:2',
      'id "another-drill" does not match the file name "basics-drill.md"',
    ],
  ],
  // Drill scoring and review rules (src/drill-safety.ts).
  'drill-review': [
    ['basics/drills/basics-drill.md:14', '("Put a hand") must be flagged "touch"'],
    ['basics/drills/basics-drill.md:15', 'flag "statusquestion": use "immigration-status"'],
    ['basics/drills/basics-drill.md:15', '("papers") must be flagged "immigration-status"'],
    [
      'basics/drills/basics-drill.md:22',
      'END:helped is "resolved", but the safety-critical choice at line 20',
    ],
    ['basics/drills/basics-drill.md:22', 'leads to END:helped: the ending needs `review: true`'],
    ['basics/drills/basics-drill.md:25', 'an unsafe ending needs `review: true` (END:alone)'],
  ],
  'drill-scoring': [
    [
      'basics/drills/basics-drill.md:1',
      'the best-scoring path (10) makes a flagged or negative choice',
    ],
    [
      'basics/drills/basics-drill.md:14',
      'stays below Tier 2 in a Tier 2 situation: flag it "under-escalation"',
    ],
    [
      'basics/drills/basics-drill.md:14',
      'missing a danger must cost more than over-calling: this choice scores -1, the over-call at basics/drills/basics-drill.md:15 scores -2',
    ],
    [
      'basics/drills/basics-drill.md:14',
      'a path through this missed danger still reaches the pass mark (6 ≥ 4)',
    ],
    ['basics/drills/basics-drill.md:15', 'flag "overescalating": use "over-escalation"'],
    ['basics/drills/basics-drill.md:15', 'an over-call is flagged "over-escalation" or not at all'],
  ],
  'drill-tier3': [
    [
      'basics/drills/basics-drill.md:1',
      'the best-scoring path (2) makes a flagged or negative choice',
    ],
    [
      'basics/drills/basics-drill.md:1',
      'no drill has a mistake-free path that makes a Tier 3 call',
    ],
    ['basics/drills/basics-drill.md:11', '"start" is a Tier 3 situation, but none of its choices'],
    [
      'basics/drills/basics-drill.md:13',
      'a path through this missed danger still reaches the pass mark (2 ≥ 2)',
    ],
    ['basics/drills/basics-drill.md:21', 'the Tier 3 call at line 18 leads to END:stayed'],
    [
      'basics/drills/basics-drill.md:24',
      'END:left is "escalated" (emergency services called), but a path reaches it without a Tier 3 choice',
    ],
  ],
  // Scoring agrees across drills: a missed danger in one drill costs more than an over-call in another.
  'drill-cost-across': [
    [
      'basics/drills/other-drill.md:14',
      'missing a danger must cost more than over-calling: this choice scores -3, the over-call at basics/drills/basics-drill.md:14 scores -3',
    ],
  ],
  // The quiz-cue rule (src/quiz-cues.ts).
  'quiz-cues': [
    ['basics/01-first.md:9', 'the key is the longest choice in 4 of 4 items (100 %; at most 40 %)'],
    [
      'basics/01-first.md:9',
      'always picking the longest choice passes this check (4 of 4, 3 needed)',
    ],
    ['basics/01-first.md:9', '1 of 4 items do not have 4 choices'],
  ],
  // The one privacy script (src/privacy-script.ts).
  'privacy-script': [
    ['basics/01-first.md:18', '"I\'ll tell you first" promises more than can be kept'],
    ['basics/01-first.md:26', "a privacy script other than the program's one"],
    ['basics/01-first.md:29', '"I\'ll tell you first" promises more than can be kept'],
    ['basics/01-first.md:35', "a privacy script other than the program's one"],
    ['basics/drills/basics-drill.md:18', '"I would tell you first" promises more than can be kept'],
  ],
  // A framework translation carries text only, keyed by the English ids in the English order.
  'framework-translation-mismatch': [
    ['es/competencies.yaml:1', 'lang "en" differs from its folder "es"'],
    ['es/competencies.yaml:2', '"framework.id" is set only in the English competencies.yaml'],
    ['es/competencies.yaml:2', 'missing required field "framework.description"'],
    ['es/competencies.yaml:3', 'missing scale level id(s) "proficient" of the English'],
    ['es/competencies.yaml:5', 'unknown scale level "expert"'],
    ['es/competencies.yaml:7', 'domain "CH" is out of order: the English has "PEER" here'],
    [
      'es/competencies.yaml:11',
      '"competencies[0].domain" is set only in the English competencies.yaml',
    ],
    ['es/competencies.yaml:14', '1 behavior; the English has 2'],
    ['es/competencies.yaml:16', 'rubric criterion "c2" is out of order: the English has "c1" here'],
    ['es/competencies.yaml:17', 'rubric levels lack scale level(s) "proficient"'],
    ['es/competencies.yaml:17', 'rubric level "competente" is not a scale level'],
    ['es/competencies.yaml:18', 'missing required field "competencies[1].description"'],
    ['es/competencies.yaml:23', 'unknown competency "CH.9"'],
  ],
  'translation-mismatch': [
    ['es/basics/01-first.md:2', `id "basics-1" differs from the original's "basics-01"`],
    ['es/basics/01-first.md:12', `choice ids (a, b, d) differ from the original's (a, b, c, d)`],
    ['es/basics/01-first.md:16', `question id "q9" differs from the original's "q2"`],
    ['es/basics/01-first.md:17', `answer "b" differs from the original's "a"`],
  ],
  // A translated drill carries text only: every difference in its graph or settings, at its line.
  'drill-translation-mismatch': [
    ['es/basics/drills/basics-drill.md:1', `the original has a content_note: translate it`],
    [
      'es/basics/drills/basics-drill.md:3',
      `lang "en" does not match the translation folder's "es"`,
    ],
    [
      'es/basics/drills/basics-drill.md:6',
      `competencies (PEER.1, CH.1) differ from the original's (PEER.1)`,
    ],
    ['es/basics/drills/basics-drill.md:7', `minutes 12 differ from the original's 10`],
    ['es/basics/drills/basics-drill.md:8', `pass 2 differs from the original's 3`],
    ['es/basics/drills/basics-drill.md:12', `missing node(s) "END:referred" of the original`],
    ['es/basics/drills/basics-drill.md:14', `choice 1: score 2 differs from the original's 3`],
    [
      'es/basics/drills/basics-drill.md:15',
      `choice 2: flag "leaving" differs from the original's "abandoning"`,
    ],
    [
      'es/basics/drills/basics-drill.md:18',
      `node "listened" is at tier 1; the original's is at tier 2`,
    ],
    ['es/basics/drills/basics-drill.md:18', `node "listened" has 3 choice(s); the original has 2`],
    [
      'es/basics/drills/basics-drill.md:20',
      `choice 1: comp none differs from the original's "PEER.1"`,
    ],
    ['es/basics/drills/basics-drill.md:20', `choice 1: tier 3 differs from the original's 2`],
    [
      'es/basics/drills/basics-drill.md:20',
      `choice 1: target "END:alone" differs from the original's "END:referred"`,
    ],
    [
      'es/basics/drills/basics-drill.md:24',
      `node "END:alone" is out of order: the original has "END:helped" here`,
    ],
    [
      'es/basics/drills/basics-drill.md:24',
      `review: false differs from the original's review: true`,
    ],
    [
      'es/basics/drills/basics-drill.md:27',
      `outcome "escalated" differs from the original's "resolved"`,
    ],
    ['es/basics/drills/basics-drill.md:27', `node "END:helped" has no text`],
    ['es/basics/drills/basics-drill.md:29', `node "more" is not in the original`],
  ],
  'translation-orphan': [
    [
      'es/basics/02-ghost.md:1',
      'translates module "02-ghost", which course "basics" does not have',
    ],
    [
      'es/basics/drills/ghost-drill.md:1',
      'translates drill "ghost-drill", which course "basics" does not have',
    ],
    ['es/nope/course.md:1', 'translation of unknown course "nope"'],
  ],
  'framework-duplicate-ids': [
    ['competencies.yaml:8', 'duplicate domain id "PEER"'],
    ['competencies.yaml:18', 'duplicate competency id "PEER.1"'],
  ],
  'framework-missing-fields': [
    ['competencies.yaml:9', 'missing required field "competencies[0].name"'],
    ['competencies.yaml:9', 'missing required field "competencies[0].validity_months"'],
  ],
  'framework-rubric-levels': [
    ['competencies.yaml:15', 'rubric levels lack scale level(s) "proficient"'],
    ['competencies.yaml:15', 'rubric level "expert" is not a scale level'],
  ],
  'framework-unknown-domain': [['competencies.yaml:10', 'unknown domain "NOPE"']],
};

describe('content checks', () => {
  it.each(Object.entries(CASES))(
    '%s: reports each problem at its file and line',
    (name, expected) => {
      const { problems } = loadContent(fixture(name));
      const found = problems.map((p) => [`${p.file}:${p.line}`, p.message]);
      expect(found).toHaveLength(expected.length);
      expected.forEach(([where, message], i) => {
        expect(found[i]?.[0]).toBe(where);
        expect(found[i]?.[1]).toContain(message);
      });
    },
  );

  it('formats a problem the way editors read it', () => {
    expect(formatProblem({ file: 'a/b.md', line: 3, message: 'bad' })).toBe('a/b.md:3: bad');
  });

  it('reports a missing content root instead of throwing', () => {
    const { problems } = loadContent(fixture('does-not-exist'));
    expect(problems).toEqual([
      { file: '.', line: 1, message: expect.stringContaining('is not a folder') },
    ]);
  });

  it('reports a missing competencies.yaml and does not flag every competency id', () => {
    const { problems } = loadContent(fixture('valid/basics'));
    expect(problems.map(formatProblem)).toEqual([
      'competencies.yaml:1: missing competency framework file',
    ]);
  });
});
