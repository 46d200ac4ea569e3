import { describe, expect, it } from "vitest";
import { extractTargets } from "../../src/ingest/targets.ts";

describe("extractTargets", () => {
  it.each([
    ["比例达到95%以上", "95%以上", 95, "percent"],
    ["确保“差评不属实”比例不超过25%", "25%", 25, "percent"],
    ["扩大至少130项公共服务事项", "130项", 130, "count"],
    ["全年组织10次以上政策宣介", "10次以上", 10, "count"],
    ["一个环节、90分钟办结", "90分钟", 90, "duration"],
    ["“预审5天”优先审批", "5天", 5, "duration"],
    ["新出台涉企政策一个月内归集发布", "一个月内", 1, "duration"],
    ["压缩至十五个工作日内", "十五个工作日内", 15, "duration"],
    ["在1-2个街镇设立派出庭", "1-2个", 2, "count"],
    ["办理时限3—5个工作日", "3—5个工作日", 5, "duration"],
    ["建筑面积500平方米以下", "500平方米", 500, "area"],
    ["新增产业用地10万平方米", "10万平方米", 100000, "area"],
  ])("reads %s as %s", (text, written, value, kind) => {
    expect(extractTargets(text)).toEqual([expect.objectContaining({ text: written, value, kind })]);
  });

  it.each([["承办2021年“创业在上海”大赛"], ["推行“一件事”“一次办”改革"], ["第2批试点企业"], ["“12345”三方通话"], ["分三批推进"]])(
    "finds no target in %s",
    (text) => {
      expect(extractTargets(text)).toEqual([]);
    },
  );

  it("keeps every target of a clause in reading order", () => {
    expect(extractTargets("一个月内100%在企业服务云归集，实现1分钟响应，90%解决率").map((t) => t.text)).toEqual([
      "一个月内",
      "100%",
      "1分钟",
      "90%",
    ]);
  });
});
