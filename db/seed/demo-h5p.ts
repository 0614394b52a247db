/**
 * The demo H5P activities two lessons of "Tiếp công dân, giải quyết khiếu nại, tố cáo" embed.
 * Built at seed time from the libraries inside two of the H5P editor's own exports, kept in
 * db/seed/h5p/ (origin and licences in its README.md), with Vietnamese content of our own, and
 * installed through the same import service as an instructor's upload.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { Entry } from 'yauzl';
import { importH5pPackage } from '../../src/lib/server/h5p/import-package.ts';
import { closeZip, inflateEntry, openZip } from '../../src/lib/server/uploads/read-zip.ts';
import { isFolder, versionFolder, versionOf } from '../../src/lib/server/h5p/storage.ts';
import { writeZip, type ZipEntrySpec } from '../../src/lib/server/h5p/zip-writer.ts';
import type { Database } from '../client.ts';
import { h5pPackages } from '../schema/index.ts';

/** One demo activity: the exported package whose libraries it reuses, and its own content. */
interface DemoActivity {
  id: string;
  title: string;
  /** File name in db/seed/h5p/. */
  libraryPackage: string;
  content: Record<string, unknown>;
}

const CONFIRM = {
  confirmCheck: {
    header: 'Nộp câu trả lời?',
    body: 'Anh/chị chắc chắn muốn nộp?',
    cancelLabel: 'Hủy',
    confirmLabel: 'Nộp',
  },
  confirmRetry: {
    header: 'Làm lại?',
    body: 'Anh/chị chắc chắn muốn làm lại từ đầu?',
    cancelLabel: 'Hủy',
    confirmLabel: 'Làm lại',
  },
};
const A11Y = {
  a11yCheck: 'Kiểm tra câu trả lời. Các lựa chọn sẽ được đánh dấu đúng, sai hoặc chưa trả lời.',
  a11yShowSolution: 'Xem đáp án. Đáp án đúng sẽ được đánh dấu.',
  a11yRetry: 'Làm lại. Mọi lựa chọn sẽ được xóa để làm lại từ đầu.',
};

/** The demo activities, by the lesson that embeds them. */
export const DEMO_H5P_ACTIVITIES: readonly DemoActivity[] = [
  {
    // content/courses/tiep-cong-dan-khieu-nai-to-cao/lessons/02-phan-loai-va-xu-ly-don.mdx
    id: 'phan-loai-don',
    title: 'Phân loại một nội dung đơn',
    libraryPackage: 'H5P.MultiChoice.h5p',
    content: {
      question:
        '<p>Bà Hạnh gửi UBND xã một lá đơn đề “Đơn khiếu nại”, trong đó nêu: trưởng thôn thu của mỗi hộ 200.000 đồng “quỹ an ninh” mà không có biên lai. Nội dung này thuộc loại đơn nào?</p>\n',
      answers: [
        {
          correct: true,
          text: '<div>Tố cáo</div>\n',
          tipsAndFeedback: {
            tip: '',
            chosenFeedback:
              '<div>Đúng. Người viết báo hành vi có dấu hiệu vi phạm pháp luật của trưởng thôn để người vi phạm bị xử lý, dù đơn mang tên “khiếu nại”. Xử lý theo Luật Tố cáo và giữ kín danh tính bà Hạnh.</div>\n',
            notChosenFeedback: '',
          },
        },
        {
          correct: false,
          text: '<div>Khiếu nại</div>\n',
          tipsAndFeedback: {
            tip: '',
            chosenFeedback:
              '<div>Chưa đúng. Khiếu nại là đề nghị xem xét lại quyết định, hành vi hành chính xâm phạm quyền lợi của chính người viết. Hãy nhìn vào yêu cầu của người viết, không nhìn vào tên đơn.</div>\n',
            notChosenFeedback: '',
          },
        },
        {
          correct: false,
          text: '<div>Kiến nghị</div>\n',
          tipsAndFeedback: {
            tip: '',
            chosenFeedback:
              '<div>Chưa đúng. Kiến nghị là góp ý về chính sách, pháp luật, công tác quản lý, ví dụ đề nghị xã nạo vét mương tiêu.</div>\n',
            notChosenFeedback: '',
          },
        },
        {
          correct: false,
          text: '<div>Phản ánh</div>\n',
          tipsAndFeedback: {
            tip: '',
            chosenFeedback:
              '<div>Chưa đúng. Phản ánh chỉ báo một tình trạng cần quan tâm; ở đây người viết chỉ rõ người làm sai để được xử lý.</div>\n',
            notChosenFeedback: '',
          },
        },
      ],
      overallFeedback: [
        {
          from: 0,
          to: 0,
          feedback: 'Chưa đúng. Hãy đọc lại mục 1: nhìn vào yêu cầu của người viết, không nhìn vào tiêu đề.',
        },
        { from: 1, to: 99, feedback: 'Gần đúng.' },
        { from: 100, to: 100, feedback: 'Chính xác!' },
      ],
      UI: {
        checkAnswerButton: 'Kiểm tra',
        showSolutionButton: 'Xem đáp án',
        tryAgainButton: 'Làm lại',
        tipsLabel: 'Xem gợi ý',
        scoreBarLabel: 'Anh/chị được :num trên :total điểm',
        tipAvailable: 'Có gợi ý',
        feedbackAvailable: 'Có nhận xét',
        readFeedback: 'Đọc nhận xét',
        wrongAnswer: 'Đáp án sai',
        correctAnswer: 'Đáp án đúng',
        shouldCheck: 'Lẽ ra phải chọn',
        shouldNotCheck: 'Lẽ ra không chọn',
        noInput: 'Hãy trả lời trước khi xem đáp án',
        ...A11Y,
      },
      behaviour: {
        enableRetry: true,
        enableSolutionsButton: true,
        enableCheckButton: true,
        type: 'single',
        singlePoint: true,
        randomAnswers: true,
        showSolutionsRequiresInput: true,
        confirmCheckDialog: false,
        confirmRetryDialog: false,
        autoCheck: false,
        passPercentage: 100,
        showScorePoints: true,
      },
      ...CONFIRM,
    },
  },
  {
    // content/courses/tiep-cong-dan-khieu-nai-to-cao/lessons/03-giai-quyet-khieu-nai-lan-dau.mdx
    id: 'khieu-nai-va-thi-hanh',
    title: 'Khiếu nại có làm dừng việc thi hành quyết định?',
    libraryPackage: 'H5P.TrueFalse.h5p',
    content: {
      question:
        '<p>Khi người dân khiếu nại quyết định xử phạt của Chủ tịch UBND xã, quyết định đó phải tạm dừng thi hành cho đến khi giải quyết xong khiếu nại.</p>\n',
      correct: 'false',
      l10n: {
        trueText: 'Đúng',
        falseText: 'Sai',
        score: 'Anh/chị được @score trên @total điểm',
        checkAnswer: 'Kiểm tra',
        showSolutionButton: 'Xem đáp án',
        tryAgain: 'Làm lại',
        wrongAnswerMessage: 'Chưa đúng',
        correctAnswerMessage: 'Chính xác',
        scoreBarLabel: 'Anh/chị được :num trên :total điểm',
        ...A11Y,
      },
      behaviour: {
        enableRetry: true,
        enableSolutionsButton: true,
        enableCheckButton: true,
        confirmCheckDialog: false,
        confirmRetryDialog: false,
        autoCheck: false,
        feedbackOnCorrect:
          'Chính xác. Khiếu nại không làm dừng việc thi hành quyết định hành chính; người giải quyết chỉ tạm đình chỉ khi việc thi hành sẽ gây hậu quả khó khắc phục.',
        feedbackOnWrong:
          'Chưa đúng. Khiếu nại không làm dừng việc thi hành quyết định hành chính; người giải quyết chỉ tạm đình chỉ khi việc thi hành sẽ gây hậu quả khó khắc phục.',
      },
      ...CONFIRM,
    },
  },
];

/** The exported packages the demo activities take their libraries from. */
const PACKAGES_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'h5p');

/** The package: every library of `libraryPackage`, with our own h5p.json title and content.json. */
async function buildDemoPackage(libraryPackage: string, activity: DemoActivity): Promise<Buffer> {
  // Read whole: yauzl inflates from memory several times faster than from a file path.
  const zip = await openZip(await readFile(libraryPackage));
  if (!zip) throw new Error(`Không đọc được gói ${libraryPackage}.`);
  const entries: ZipEntrySpec[] = [];
  let manifest: Record<string, unknown> | undefined;
  const budget = { totalLeft: Number.MAX_SAFE_INTEGER, maxFileBytes: Number.MAX_SAFE_INTEGER };
  try {
    for await (const entry of zip.eachEntry() as AsyncIterable<Entry>) {
      const name = entry.fileName;
      if (name.endsWith('/') || name.startsWith('content/')) continue;
      const { data } = await inflateEntry(zip, entry, budget, { collect: true });
      if (name === 'h5p.json') manifest = JSON.parse(data!.toString('utf8')) as Record<string, unknown>;
      else entries.push({ name, data: data!, method: 'store' });
    }
  } finally {
    closeZip(zip);
  }
  if (!manifest) throw new Error(`Gói ${libraryPackage} không có h5p.json.`);
  const ours = { ...manifest, title: activity.title, language: 'vi', defaultLanguage: 'vi', license: 'U' };
  return writeZip([
    { name: 'h5p.json', data: JSON.stringify(ours) },
    { name: 'content/content.json', data: JSON.stringify(activity.content) },
    ...entries,
  ]);
}

/**
 * Installs each demo activity that is not installed yet (no row, or its files are gone); safe
 * to run on every start. Returns how many were installed.
 */
export async function seedDemoH5p(db: Database): Promise<number> {
  let installed = 0;
  for (const activity of DEMO_H5P_ACTIVITIES) {
    const existing = await db.select().from(h5pPackages).where(eq(h5pPackages.id, activity.id)).get();
    if (existing && (await isFolder(versionFolder(existing.id, versionOf(existing.sha256))))) continue;
    const bytes = await buildDemoPackage(join(PACKAGES_FOLDER, activity.libraryPackage), activity);
    const outcome = await importH5pPackage({ id: activity.id, title: activity.title, bytes, importedBy: null }, { db });
    if (!outcome.ok) throw new Error(`Hoạt động H5P mẫu "${activity.id}" không hợp lệ: ${outcome.problems.join(' ')}`);
    installed += 1;
  }
  return installed;
}
