// The interface's words in Chinese (Simplified; Traditional is converted on the server, see
// i18n.server.ts) and English. Poems themselves come in both scripts from the database.
import { useRouteLoaderData } from '@remix-run/react';

export type Lang = 'zh' | 'en';
export type Script = 'hans' | 'hant';

export const STRINGS = {
  'site.name': ['诗影', 'Shiying'],
  'site.tagline': ['古典诗词，水墨成影，吟诵成声。', 'Classical Chinese poems, read aloud and painted in ink.'],
  'nav.gallery': ['画廊', 'Gallery'],
  'nav.search': ['搜索', 'Search'],
  'nav.curate': ['选诗', 'Curate'],
  'nav.productions': ['制作', 'Productions'],
  'nav.review': ['审阅', 'Review'],
  'nav.admin': ['管理', 'Admin'],
  'nav.login': ['登录', 'Log in'],
  'nav.logout': ['退出', 'Log out'],
  'nav.skip': ['跳到内容', 'Skip to content'],
  'toggle.lang': ['English', '中文'],
  'toggle.script.toHant': ['繁', '繁'],
  'toggle.script.toHans': ['简', '简'],
  'toggle.script.label': ['简体 / 繁體', 'Simplified / Traditional'],
  'role.curator': ['策展', 'curator'],
  'role.reviewer': ['审阅', 'reviewer'],
  'role.admin': ['管理员', 'admin'],

  'gallery.empty': ['尚无已发布的影片。', 'No films have been published yet.'],
  'gallery.feed': ['影片', 'Films'],
  'gallery.unmute': ['点按开声', 'Tap to unmute'],
  'gallery.mute': ['静音', 'Mute'],
  'gallery.play': ['播放', 'Play'],
  'gallery.pause': ['暂停', 'Pause'],
  'gallery.pinyin': ['拼音', 'Pinyin'],
  'gallery.translation': ['译文', 'Translation'],
  'gallery.share': ['分享', 'Share'],
  'gallery.copied': ['链接已复制', 'Link copied'],
  'gallery.keys': ['↑ ↓ 切换影片', '↑ ↓ to move between films'],
  'gallery.more': ['更多', 'More'],
  'gallery.open': ['打开影片页', 'Open film page'],
  'gallery.by': ['{dynasty} · {author}', '{author} · {dynasty}'],
  'film.credits': ['署名', 'Credits'],
  'film.poet': ['诗人', 'Poet'],
  'film.provider': ['画面', 'Pictures'],
  'film.reviewers': ['审阅', 'Reviewed by'],
  'film.published': ['发布于 {date}', 'Published {date}'],
  'film.moreBy': ['{author}的其他作品', 'More by {author}'],
  'film.notFound': ['没有这部影片。', 'There is no such film.'],
  'poet.films': ['{count} 部影片', '{count} films'],
  'poet.notFound': ['这位诗人还没有已发布的影片。', 'This poet has no published films yet.'],
  'search.title': ['搜索影片', 'Search films'],
  'search.placeholder': ['诗题、诗人或诗句（简繁皆可）', 'Title, poet or a line (either script)'],
  'search.submit': ['搜索', 'Search'],
  'search.results': ['{count} 个结果', '{count} results'],
  'search.none': ['没有找到匹配的影片。', 'No published film matches.'],

  'login.title': ['登录', 'Log in'],
  'login.email': ['邮箱', 'Email'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Log in'],
  'login.failed': ['邮箱或密码不正确。', 'Wrong email or password.'],
  'login.limited': ['尝试次数过多，请 {minutes} 分钟后再试。', 'Too many attempts: try again in {minutes} minutes.'],
  'login.required': ['请填写邮箱和密码。', 'Enter your email and password.'],
  'login.staffOnly': ['登录仅供策展、审阅和管理人员使用；观看影片无需登录。', 'Logging in is for curators, reviewers and admins; watching films needs no account.'],

  'curate.title': ['选诗', 'Curate'],
  'curate.search': ['搜索诗库', 'Search the corpus'],
  'curate.query': ['诗题、诗人、诗句', 'Title, poet, line'],
  'curate.dynasty': ['朝代', 'Dynasty'],
  'curate.form': ['体裁', 'Form'],
  'curate.collection': ['诗集', 'Collection'],
  'curate.author': ['诗人', 'Poet'],
  'curate.examples': ['试试：', 'Try:'],
  'curate.pasteDynasty': ['朝代（可选）', 'Dynasty (optional)'],
  'curate.any': ['不限', 'Any'],
  'curate.fame': ['知名度', 'Fame'],
  'curate.results': ['{count} 首', '{count} poems'],
  'curate.none': ['没有找到诗。', 'No poems found.'],
  'curate.prev': ['上一页', 'Previous'],
  'curate.next': ['下一页', 'Next'],
  'curate.queueSelected': ['排入所选 ({count})', 'Queue selected ({count})'],
  'curate.queue': ['排入制作', 'Queue'],
  'curate.queued': ['已排入 {count} 首', 'Queued {count}'],
  'curate.alreadyQueued': ['已有相同的制作在进行：{id}', 'Already in progress: {id}'],
  'curate.select': ['选择', 'Select'],
  'curate.paste': ['粘贴一首诗', 'Paste a poem'],
  'curate.pasteTitle': ['诗题（可选）', 'Title (optional)'],
  'curate.pasteAuthor': ['作者（可选）', 'Author (optional)'],
  'curate.pasteText': ['诗文', 'Poem text'],
  'curate.pasteSubmit': ['加入诗库并预览', 'Add and preview'],
  'curate.provider': ['画面来源', 'Video provider'],
  'curate.aspect': ['画幅', 'Aspect'],
  'curate.look': ['画风', 'Look'],
  'curate.priority': ['优先级', 'Priority'],
  'curate.priorityHint': ['1 最急，5 最缓', '1 most urgent … 5'],
  'curate.options': ['制作选项', 'Production options'],
  'curate.noSelection': ['请至少选择一首诗。', 'Select at least one poem.'],
  'curate.tooMany': ['一次最多排入 {max} 首。', 'Queue at most {max} poems at once.'],
  'poem.preview': ['分镜预览', 'Shot plan preview'],
  'poem.previewNote': ['由确定性解读生成，实际制作时可能略有不同。', 'From the deterministic interpreter; the production may differ slightly.'],
  'poem.imagery': ['意象', 'Imagery'],
  'poem.shot': ['镜头 {n}', 'Shot {n}'],
  'poem.camera': ['运镜', 'Camera'],
  'poem.prompt': ['提示词', 'Prompt'],
  'poem.narration': ['旁白', 'Narration'],
  'poem.setting': ['场景', 'Setting'],
  'poem.mood': ['情绪', 'Mood'],
  'poem.notFound': ['诗库里没有这首诗。', 'This poem is not in the corpus.'],
  'poem.previewFailed': ['无法预览这首诗的分镜：{reason}', 'Could not preview this poem’s shot plan: {reason}'],
  'poem.productions': ['这首诗的制作', 'Productions of this poem'],
  'poem.pasted': ['粘贴', 'pasted'],

  'productions.title': ['制作进度', 'Productions'],
  'productions.live': ['实时更新', 'Live'],
  'productions.none': ['还没有制作。', 'No productions yet.'],
  'productions.poem': ['诗', 'Poem'],
  'productions.status': ['状态', 'Status'],
  'productions.shots': ['镜头', 'Shots'],
  'productions.provider': ['来源', 'Provider'],
  'productions.cost': ['费用', 'Cost'],
  'productions.updated': ['更新', 'Updated'],
  'productions.cancel': ['取消', 'Cancel'],
  'productions.retry': ['重试', 'Retry'],
  'productions.review': ['去审阅', 'Review'],
  'productions.filter': ['按状态', 'By status'],
  'productions.all': ['全部', 'All'],
  'productions.cancelled': ['已请求取消 {id}', 'Cancellation requested for {id}'],
  'productions.retried': ['已请求重试 {id}', 'Retry requested for {id}'],

  'status.queued': ['排队中', 'queued'],
  'status.generating': ['生成中', 'generating'],
  'status.awaiting_review': ['待审阅', 'awaiting review'],
  'status.published': ['已发布', 'published'],
  'status.rejected': ['已退回', 'rejected'],
  'status.failed': ['失败', 'failed'],
  'status.cancelled': ['已取消', 'cancelled'],
  'shotStatus.planned': ['待生成', 'planned'],
  'shotStatus.generating': ['生成中', 'generating'],
  'shotStatus.ready': ['待审', 'ready'],
  'shotStatus.failed': ['失败', 'failed'],
  'shotStatus.approved': ['已通过', 'approved'],

  'review.title': ['待审阅', 'Awaiting review'],
  'review.none': ['没有待审阅的草稿。', 'No drafts are waiting for review.'],
  'review.oldestFirst': ['最早的在前', 'Oldest first'],
  'review.inProgress': ['生成中', 'In progress'],
  'review.waiting': ['等待 {time}', 'waiting {time}'],
  'review.draft': ['草稿 v{version}', 'Draft v{version}'],
  'review.storyboard': ['故事板', 'Storyboard'],
  'review.shots': ['镜头', 'Shots'],
  'review.approveShot': ['通过此镜头', 'Approve shot'],
  'review.regenerate': ['重新生成', 'Regenerate'],
  'review.note': ['修改意见', 'Note'],
  'review.notePlaceholder': ['说明要改什么，例如：月亮更低一些，窗外有霜', 'Say what should change, e.g. a lower moon, frost outside the window'],
  'review.editPrompt': ['修改提示词（可选）', 'Edit prompt (optional)'],
  'review.editRecite': ['修改吟诵文本（可选）', 'Edit recitation (optional)'],
  'review.editTranslation': ['修改译文（可选）', 'Edit translation (optional)'],
  'review.publish': ['通过并发布', 'Approve and publish'],
  'review.reject': ['退回', 'Reject'],
  'review.reason': ['理由', 'Reason'],
  'review.unpublish': ['撤下', 'Unpublish'],
  'review.compare': ['版本对比', 'Compare versions'],
  'review.compareWith': ['对比', 'Compare'],
  'review.versions': ['版本', 'Versions'],
  'review.audit': ['审阅记录', 'Audit log'],
  'review.notDrawn': ['未画出', 'Not drawn'],
  'review.cost': ['费用', 'Cost'],
  'review.take': ['第 {n} 次生成', 'take {n}'],
  'review.cached': ['缓存', 'cached'],
  'review.line': ['诗句', 'Line'],
  'review.accepted': ['已提交：{action}', 'Sent: {action}'],
  'review.noDraft': ['还没有草稿。', 'No draft yet.'],
  'review.progress': ['制作进行中，页面会自动更新。', 'The production is in progress; this page updates by itself.'],
  'review.publishedAt': ['已发布：', 'Published: '],
  'review.changed': ['有变化', 'changed'],
  'review.same': ['相同', 'same'],
  'review.noteRequired': ['请写下修改意见。', 'Write a note saying what should change.'],
  'review.reasonRequired': ['请写下退回的理由。', 'Give a reason for rejecting.'],
  'review.noteTooLong': ['意见最多 {max} 字。', 'At most {max} characters.'],
  'review.by': ['{actor}', '{actor}'],
  'action.queue': ['排入制作', 'queued'],
  'action.approve_shot': ['通过镜头', 'approved shot'],
  'action.regenerate_shot': ['重新生成镜头', 'regenerated shot'],
  'action.approve_draft': ['通过草稿', 'approved draft'],
  'action.reject': ['退回', 'rejected'],
  'action.publish': ['发布', 'published'],
  'action.unpublish': ['撤下', 'unpublished'],
  'action.cancel': ['取消', 'cancelled'],
  'action.retry': ['重试', 'retried'],

  'admin.title': ['管理', 'Admin'],
  'admin.users': ['用户与角色', 'Users and roles'],
  'admin.addUser': ['添加用户', 'Add a user'],
  'admin.email': ['邮箱', 'Email'],
  'admin.role': ['角色', 'Role'],
  'admin.password': ['初始密码', 'Initial password'],
  'admin.add': ['添加', 'Add'],
  'admin.save': ['保存', 'Save'],
  'admin.disable': ['停用', 'Disable'],
  'admin.enable': ['启用', 'Enable'],
  'admin.disabled': ['已停用', 'disabled'],
  'admin.lastLogin': ['最近登录', 'Last login'],
  'admin.never': ['从未', 'never'],
  'admin.you': ['（你）', '(you)'],
  'admin.resetPassword': ['重设密码', 'Reset password'],
  'admin.newPassword': ['新密码', 'New password'],
  'admin.providers': ['画面与声音来源（只读）', 'Providers (read-only)'],
  'admin.budgets': ['预算（只读）', 'Budgets (read-only)'],
  'admin.configured': ['已配置', 'configured'],
  'admin.notConfigured': ['未配置', 'not configured'],
  'admin.builtIn': ['内置', 'built in'],
  'admin.concurrency': ['并发', 'Concurrency'],
  'admin.model': ['模型', 'Model'],
  'admin.endpoint': ['地址', 'Endpoint'],
  'admin.defaultBudget': ['每个制作的默认预算', 'Default budget per production'],
  'admin.spent': ['已花费（全部制作）', 'Spent (all productions)'],
  'admin.prices': ['价格表', 'Prices'],
  'admin.lastAdmin': ['不能停用或降级最后一位管理员。', 'The last admin cannot be disabled or demoted.'],
  'admin.done': ['已保存。', 'Saved.'],
  'admin.added': ['已添加 {email}。', 'Added {email}.'],

  'error.title': ['出错了', 'Something went wrong'],
  'error.notFound': ['找不到这个页面。', 'This page does not exist.'],
  'error.forbidden': ['你没有权限做这件事。', 'You are not allowed to do this.'],
  'error.back': ['回到画廊', 'Back to the gallery'],
  'common.save': ['保存', 'Save'],
  'common.cancel': ['取消', 'Cancel'],
  'common.close': ['关闭', 'Close'],
  'common.yes': ['是', 'yes'],
  'common.no': ['否', 'no'],
  'common.unknown': ['未知', 'unknown'],
} as const satisfies Record<string, readonly [string, string]>;

export type StringKey = keyof typeof STRINGS;
export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

export interface Preferences {
  lang: Lang;
  script: Script;
  /** Traditional forms of the Chinese strings, sent by the root loader when script is hant. */
  hant?: Partial<Record<StringKey, string>>;
}

export function translator(preferences: Preferences): Translate {
  return (key, values) => {
    const pair = STRINGS[key];
    let text: string = preferences.lang === 'en' ? pair[1] : ((preferences.script === 'hant' ? preferences.hant?.[key] : undefined) ?? pair[0]);
    if (values) for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
}

export interface RootData {
  user: { email: string; role: 'curator' | 'reviewer' | 'admin' } | null;
  csrf: string;
  preferences: Preferences;
}

export function useRootData(): RootData {
  const data = useRouteLoaderData('root') as RootData | undefined;
  return data ?? { user: null, csrf: '', preferences: { lang: 'zh', script: 'hans' } };
}

export function useT(): Translate {
  return translator(useRootData().preferences);
}

/** Picks the poem text of the reader's script. */
export function useScript(): Script {
  return useRootData().preferences.script;
}
