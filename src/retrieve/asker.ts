/**
 * Where a Chinese question says who is asking (我们是台资企业，…; 作为个体户…; 港资企业想在徐汇上市…). A kind
 * of firm said there is background to what is asked about (上市, 网上立案).
 */
const SELF_INTRO =
  /(?:我|我们|咱们|咱|本人|俺)(?:这边|家|的)?(?:公司|企业|单位|厂)?(?:是|属于|算)(?:一家|一个|一名)?([^，。？！；,?!;]{2,16})/gu;
const AS_A = /作为(?:一家|一个|一名)?([^，。？！；,?!;]{2,16}?)(?=[，,]|我|想|要|能|可以|在|有)/gu;
/** A question's subject that is a kind of firm and then says what it means to do (港资企业想…, 外地公司打算…). */
const FIRM_SUBJECT = /(?:^|[，。？！；,?!;])([\p{Script=Han}]{1,6}?(?:企业|公司|商户|个体户|工厂|投资者|投资人))(?=想|打算|准备|计划)/gu;

/** The spans of the question that describe the asker (possibly none). */
export function askerSpans(text: string): string[] {
  const out: string[] = [];
  for (const re of [SELF_INTRO, AS_A, FIRM_SUBJECT]) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}
