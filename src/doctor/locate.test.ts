import { describe, expect, it } from 'vitest';
import { locate, parseJsonPath } from './locate.js';

describe('locations', () => {
  it('parses the JSON paths of findings', () => {
    expect(parseJsonPath('$.Statement[0].Condition.StringEquals["aws:SourceArn"]')).toEqual(['Statement', 0, 'Condition', 'StringEquals', 'aws:SourceArn']);
    expect(parseJsonPath('$')).toEqual([]);
  });

  it('finds the line and column of a path in JSON and YAML, or of its deepest existing part', () => {
    const json = '{\n  "Statement": [\n    {"Sid": "a"},\n    {\n      "Sid": "b"\n    }\n  ]\n}';
    expect(locate(json, ['Statement', 1, 'Sid'])).toEqual({ line: 5, column: 7 });
    expect(locate(json, ['Statement', 1, 'Nope'])).toEqual({ line: 4, column: 5 });
    const yaml = 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: !Sub "x"\n';
    expect(locate(yaml, ['Resources', 'Key', 'Properties', 'KeyPolicy'])).toEqual({ line: 5, column: 7 });
  });
});
