/**
 * The widget's styles, inside its Shadow DOM. Sizes are in rem so they follow the page's root font size (长者模式 tools
 * enlarge it); the input is at least 16px so iOS does not zoom; every control is at least 44px tall on touch screens.
 */
export const CSS = `
:host { all: initial; }
.root { all: initial; display: block; font-size: 1rem; line-height: 1.6; color: #1f2937; --accent: #b4232a; --accent-ink: #fff; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
button { font: inherit; }
a { color: #1d4ed8; }
.launcher { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000; min-width: 3.75rem; min-height: 3.75rem; padding: 0 .9rem;
  border-radius: 1.9rem; border: none; background: var(--accent); color: var(--accent-ink); font-size: 1rem; font-weight: 600; cursor: pointer;
  box-shadow: 0 .25rem .9rem rgba(0,0,0,.25); }
.launcher[aria-expanded="true"] { display: none; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.panel { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000; width: 25rem; max-width: calc(100vw - 1.5rem);
  height: 38rem; max-height: calc(100vh - 2.5rem); max-height: calc(100dvh - 2.5rem); display: flex; flex-direction: column; background: #fff; color: #1f2937;
  border-radius: .75rem; box-shadow: 0 .6rem 2.5rem rgba(0,0,0,.25); overflow: hidden; font-size: .9375rem; line-height: 1.6; }
.panel[hidden] { display: none; }
.head { background: var(--accent); color: var(--accent-ink); padding: .4rem .5rem .4rem .9rem; display: flex; align-items: center; gap: .25rem; flex: none; }
.head .titles { flex: 1; min-width: 0; }
.head h2 { margin: 0; font-size: 1.05rem; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.head p { margin: 0; font-size: .8rem; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.head button { min-height: 2.75rem; min-width: 2.75rem; background: transparent; border: 1px solid rgba(255,255,255,.7); color: inherit;
  border-radius: .4rem; padding: 0 .5rem; cursor: pointer; font-size: .85rem; }
.log { flex: 1; min-height: 0; overflow-y: auto; padding: .75rem; background: #f7f7f8; position: relative; overscroll-behavior: contain; }
.msg { margin: 0 0 .75rem; max-width: 94%; word-break: break-word; overflow-wrap: anywhere; }
.msg .text { white-space: pre-wrap; }
.msg.user { margin-left: auto; background: var(--accent); color: var(--accent-ink); padding: .5rem .75rem; border-radius: .75rem .75rem .15rem .75rem; width: fit-content; white-space: pre-wrap; }
.msg.bot { background: #fff; border: 1px solid #e5e7eb; padding: .5rem .75rem; border-radius: .75rem .75rem .75rem .15rem; }
.msg.bot.error { border-color: #b45309; background: #fffbeb; }
.msg.bot.setup { border-color: #1d4ed8; background: #eff6ff; }
.msg.bot.low { border-color: #b45309; }
.badge { display: inline-block; font-size: .75rem; border-radius: .3rem; padding: 0 .4rem; margin: 0 0 .25rem; background: #ecfdf5; color: #065f46; }
.badge.medium { background: #eff6ff; color: #1e40af; }
.badge.low { background: #fef3c7; color: #78350f; }
.caution { margin: .4rem 0 0; font-size: .85rem; color: #78350f; }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
.chip, .ask, .act { min-height: 2.75rem; border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 1.4rem; padding: .3rem .8rem;
  font-size: .85rem; line-height: 1.3; cursor: pointer; text-align: left; }
.chip[aria-expanded="true"] { background: var(--accent); color: var(--accent-ink); }
.ask { display: block; width: 100%; border-radius: .5rem; border-color: #d1d5db; color: #1f2937; margin: .4rem 0 0; font-size: .9rem; }
.act { border-color: #d1d5db; color: #374151; font-size: .8rem; padding: .2rem .7rem; }
.actions { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; align-items: center; }
.label { margin: .6rem 0 0; font-size: .8rem; color: #4b5563; }
.clause { margin-top: .5rem; padding: .5rem .6rem; border-left: 3px solid var(--accent); background: #fdf2f2; font-size: .85rem; }
.clause h3 { margin: 0 0 .25rem; font-size: .85rem; }
.clause p { margin: .25rem 0 0; white-space: pre-wrap; }
.contact { margin: .35rem 0 0; padding: .35rem .5rem; background: #fff; border-radius: .3rem; font-size: .8rem; }
.contact a { display: inline-block; min-height: 1.5rem; }
.handoff { margin-top: .5rem; padding: .5rem .6rem; background: #eff6ff; border-radius: .4rem; }
.handoff a.tel { display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0 1rem; background: #1d4ed8; color: #fff; border-radius: 1.4rem;
  text-decoration: none; font-weight: 600; margin-top: .3rem; }
.dots::after { content: "…"; }
@media (prefers-reduced-motion: no-preference) { .busy .dots::after { animation: pulse 1.2s infinite; } }
@keyframes pulse { 50% { opacity: .3; } }
form { display: flex; gap: .5rem; padding: .6rem; border-top: 1px solid #e5e7eb; background: #fff; flex: none; }
textarea { flex: 1; resize: none; min-height: 2.75rem; max-height: 6rem; padding: .5rem; border: 1px solid #6b7280; border-radius: .5rem; font-size: max(16px, 1rem); line-height: 1.4; color: #1f2937; background: #fff; }
form button { min-height: 2.75rem; min-width: 3.5rem; background: var(--accent); color: var(--accent-ink); border: none; border-radius: .5rem; padding: 0 .9rem; cursor: pointer; font-size: 1rem; }
form button.stop { background: #374151; }
.foot { font-size: .75rem; color: #4b5563; padding: 0 .75rem .4rem; background: #fff; flex: none; }
.status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
/* Phones, landscape and 200% zoom: the panel takes the whole screen, and the log keeps most of it. */
@media (max-width: 30rem), (max-height: 32rem) {
  .panel { inset: 0; right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: none; border-radius: 0; }
  .launcher { right: .75rem; bottom: .75rem; }
}
@media (max-height: 32rem) {
  .head p, .foot { display: none; }
  .head { padding-top: .15rem; padding-bottom: .15rem; }
  form { padding: .3rem .6rem; }
}
`;
