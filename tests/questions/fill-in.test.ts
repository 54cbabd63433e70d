/** Fill-in grading: regressions for each measured unfairness, on the shipped bank, and the rules of the new fields. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/notes/index.ts';
import {
  checkAnswer,
  checkGrounding,
  fillInKey,
  loadQuestionBank,
  validateQuestionFiles,
  type FillInQuestion,
  type Question,
} from '../../src/questions/index.ts';
import { fixtureKb } from './fixtures.ts';

let shipped: Map<string, Question>;
beforeAll(async () => {
  const kb = await loadKnowledgeBase('data/notes');
  shipped = new Map(loadQuestionBank('data/questions', kb).bank.questions.map((q) => [q.id, q]));
});

/** Whether `text` is graded right for the shipped question `id`. */
function right(id: string, text: string): boolean {
  const question = shipped.get(id);
  if (!question) throw new Error(`no question ${id} in the shipped bank`);
  return checkAnswer(question, { kind: 'fill-in', text }).correct;
}

const base = { topic: '330.2', prompt: 'p', explanation: 'e', source: '330.2-xl-list' } as const;
function fillIn(answers: string[], extra: Partial<FillInQuestion> = {}): FillInQuestion {
  return { ...base, id: '330.2-f', kind: 'fill-in', answers, ...extra };
}
const graded = (question: Question, text: string) => checkAnswer(question, { kind: 'fill-in', text }).correct;

describe('fill-in grading of the shipped bank (each measured problem)', () => {
  it('keeps the case of option letters: -o is not qemu-img convert -O', () => {
    expect(right('330.3-qemu-img-convert-01', '-O')).toBe(true);
    expect(right('330.3-qemu-img-convert-01', ' `-O` ')).toBe(true);
    expect(right('330.3-qemu-img-convert-01', '-o')).toBe(false);
    expect(right('330.2-xentop-vbds-01', '-x')).toBe(true);
    expect(right('330.2-xentop-vbds-01', '-X')).toBe(false);
    // -c compresses, -C copies offloaded: different qemu-img convert options.
    expect(graded(fillIn(['qemu-img convert -c']), 'QEMU-IMG convert -c')).toBe(true);
    expect(graded(fillIn(['qemu-img convert -c']), 'qemu-img convert -C')).toBe(false);
  });

  it('ignores a trailing slash on a path', () => {
    expect(right('330.4-openvz-template-dir-01', '/var/lib/vz/template/cache')).toBe(true);
    expect(right('330.4-openvz-template-dir-01', '/var/lib/vz/template/cache/')).toBe(true);
    expect(right('330.3-etc-qemu-01', '/etc/qemu/')).toBe(true);
    expect(right('330.2-etc-xen-dir-01', '/etc/xen')).toBe(true);
    expect(right('330.2-etc-xen-dir-01', '/etc')).toBe(false);
    expect(right('330.2-etc-xen-dir-01', '/etc/xen/xl.conf')).toBe(false);
  });

  it('ignores a trailing period or semicolon', () => {
    expect(right('330.2-xentop-01', 'xentop.')).toBe(true);
    expect(right('330.2-xe-vm-list-01', '`xe vm-list`.')).toBe(true);
    expect(right('330.2-xe-vm-list-01', 'xe vm-list;')).toBe(true);
    expect(right('330.2-vif-backend-nome-01', 'vif4.0.')).toBe(true);
    expect(right('330.2-vif-backend-nome-01', 'vif4.')).toBe(false);
  });

  it('ignores a pasted prompt: shell, QEMU monitor, virsh', () => {
    expect(right('330.3-monitor-info-kvm-01', '(qemu) info kvm')).toBe(true);
    expect(right('330.3-monitor-savevm-01', '(qemu) savevm')).toBe(true);
    expect(right('330.2-xe-vm-list-01', '[root@host ~]# xe vm-list')).toBe(true);
    expect(right('330.2-xe-vm-list-01', 'user@host:~$ xe vm-list')).toBe(true);
    expect(right('330.2-xe-vm-list-01', 'root@xen01:/etc/xen# xe vm-list')).toBe(true);
    expect(right('330.2-xe-vm-list-01', '$ xe vm-list')).toBe(true);
    expect(graded(fillIn(['virsh list --all']), 'virsh # list --all')).toBe(true);
    expect(graded(fillIn(['virsh list --all']), 'virsh # list')).toBe(false);
  });

  it('accepts the bare subcommand only when the prompt asks for a subcommand', () => {
    expect(right('330.2-xl-sched-credit-01', 'sched-credit')).toBe(true);
    expect(right('330.2-xl-sched-credit-01', 'Sched-credit')).toBe(true);
    expect(right('330.2-xl-sched-credit-01', '# xl sched-credit')).toBe(true);
    expect(right('330.2-xl-sched-credit-01', 'xl')).toBe(false);
    expect(right('330.2-xl-sched-credit-01', 'sched-credit2')).toBe(false);
    // "Qual comando": the program is part of the answer.
    expect(right('330.2-xl-console-01', 'console')).toBe(false);
    expect(right('330.4-vzctl-create-01', 'create')).toBe(false);
    expect(right('330.2-xe-vm-list-01', 'vm-list')).toBe(false);
  });

  it('accepts the documented -device help wherever -device ? is accepted', () => {
    expect(right('330.3-device-list-01', '-device help')).toBe(true);
    expect(right('330.3-device-list-01', '-device ?')).toBe(true);
    expect(right('330.3-device-list-01', "-device '?'")).toBe(true); // quoted against the shell's glob
    expect(right('330.3-device-list-01', '-device')).toBe(false);
  });

  it('accepts a capitalized first letter (phones do it)', () => {
    expect(right('330.2-xentop-01', 'Xentop')).toBe(true);
    expect(right('330.2-xe-vm-list-01', 'Xe vm-list')).toBe(true);
  });
});

describe('fillInKey', () => {
  it('folds decorations and word case, keeps option case', () => {
    expect(fillInKey('  `Qemu-Img  Convert -O qcow2`. ')).toBe('qemu-img convert -O qcow2');
    expect(fillInKey('Paravirtualização')).toBe('paravirtualizacao');
    expect(fillInKey('--nameserver')).toBe('--nameserver');
    expect(fillInKey('xen+ssh://root@192.168.0.200/')).toBe('xen+ssh://root@192.168.0.200/');
    expect(fillInKey('ls ~/vms/ ./disk/')).toBe('ls ~/vms ./disk');
    expect(fillInKey('/')).toBe('/');
    expect(fillInKey(' . ')).toBe('');
  });

  it('"exact" keeps the case of everything but the first letter', () => {
    const exact = fillIn(['VBoxManage'], { matchCase: 'exact' });
    expect(graded(exact, 'VBoxManage')).toBe(true);
    expect(graded(exact, 'vBoxManage')).toBe(true);
    expect(graded(exact, 'vboxmanage')).toBe(false);
    expect(graded(fillIn(['VBoxManage']), 'vboxmanage')).toBe(true);
  });
});

describe('fill-in fields are validated', () => {
  const xlList = { id: '330.2-xl-list-01', kind: 'fill-in', prompt: 'Qual comando lista as VMs?', explanation: 'e', source: '330.2-xl-list' };
  function problems(...questions: object[]): string[] {
    const result = validateQuestionFiles([{ file: '330.2.json', json: { topic: '330.2', questions } }], fixtureKb);
    return result.problems.map((p) => `${p.questionId}: ${p.message}`);
  }

  it('accepts the documented fields', () => {
    expect(
      problems({ ...xlList, answers: ['xl list', 'xl list -l'], matchCase: 'exact', optionalProgram: 'xl', outsideNotes: ['xl list -l'] }),
    ).toEqual([]);
  });

  it('names each misuse', () => {
    expect(
      problems(
        { ...xlList, id: '330.2-a-01', answers: ['/etc/xen/', '/etc/xen'] },
        { ...xlList, id: '330.2-b-01', answers: ['xl list'], outsideNotes: ['xl list -l'] },
        { ...xlList, id: '330.2-c-01', answers: ['xl list', 'xl list -l'], outsideNotes: ['xl list'] },
        { ...xlList, id: '330.2-d-01', prompt: 'Qual subcomando do `xl` lista as VMs?', answers: ['xl list'] },
        { ...xlList, id: '330.2-e-01', answers: ['xl list'], matchCase: 'loose' },
        { ...xlList, id: '330.2-f-01', answers: ['xl list'], optionalProgram: 'xl list' },
        { ...xlList, id: '330.2-g-01', answers: ['sched-credit', 'xl sched-credit'], optionalProgram: 'xl' },
      ),
    ).toEqual([
      '330.2-a-01: accepted answer "/etc/xen" duplicates another once folded',
      '330.2-b-01: outsideNotes "xl list -l" is not one of the accepted answers',
      '330.2-c-01: outsideNotes "xl list" is the first accepted answer, which must come from the notes',
      '330.2-d-01: the prompt asks for a subcommand of xl: add "optionalProgram": "xl"',
      expect.stringMatching(/^330\.2-e-01: matchCase: /),
      '330.2-f-01: optionalProgram: must be one program name, without spaces',
      '330.2-g-01: accepted answer "xl sched-credit" duplicates another once folded',
    ]);
  });

  it('grounding skips outsideNotes answers and still checks the others', () => {
    const question = fillIn(['xl list', 'xl list --long', 'xl list --verbose'], { outsideNotes: ['xl list --long'] });
    expect(checkGrounding([question], fixtureKb)).toEqual([
      { questionId: '330.2-f', message: '"xl list --verbose" does not appear in its source entry "330.2-xl-list" (xl list — Listar VMs)' },
    ]);
  });
});
