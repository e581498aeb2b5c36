/// The page's style sheet: readable from phone to laptop width without horizontal scrolling,
/// status shown by colour and by text.
enum WebStyle {
    static let css = #"""
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        [hidden] { display: none !important; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; background: #f3f4f6; overflow-wrap: anywhere; }
        a { color: #1d4ed8; }
        :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
        [tabindex="-1"]:focus { outline: none; }  /* headings focused by the script for screen readers */
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em; }
        .skip:focus { left: .5em; z-index: 10; }
        .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5em 1em; padding: .6em 1em; background: #1e3a8a; color: #fff; }
        .bar nav { display: flex; flex-wrap: wrap; align-items: center; gap: .3em 1.2em; }
        .bar a { color: #fff; text-decoration: none; padding: .2em 0; }
        .bar a[aria-current="page"] { border-bottom: 2px solid #fbbf24; }
        .brand { display: inline-flex; align-items: center; gap: .4em; font-weight: 700; font-size: 1.1em; }
        .who { display: flex; align-items: center; gap: .6em; }
        .who .link { color: #fff; }
        main { max-width: 1150px; margin: 0 auto; padding: 1em; }
        main:focus { outline: none; }
        h1 { font-size: 1.4em; margin: .2em 0 .6em; }
        h2 { font-size: 1.15em; margin: 1.2em 0 .5em; }
        h3 { font-size: 1em; margin: 1em 0 .4em; }
        .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 1em; margin: 0 0 1em; }
        .card > h2:first-child, .card > div > h2:first-child { margin-top: 0; }
        .muted { color: #6b7280; }
        .index { display: flex; flex-wrap: wrap; gap: .4em 1em; margin: 0 0 1em; padding: 0; list-style: none; }
        .error { color: #991b1b; background: #fee2e2; border: 1px solid #fca5a5; border-radius: 6px; padding: .5em .8em; }
        .error ul { margin: .3em 0 0; padding-left: 1.2em; }
        button, .button { font: inherit; padding: .45em .9em; border-radius: 6px; border: 1px solid #9ca3af; background: #fff; color: #111827; cursor: pointer; text-decoration: none; display: inline-block; }
        button:hover, .button:hover { background: #f3f4f6; }
        button.primary { background: #1d4ed8; border-color: #1d4ed8; color: #fff; }
        button.danger { background: #b91c1c; border-color: #b91c1c; color: #fff; }
        button:disabled { opacity: .5; cursor: default; }
        button.link { border: 0; background: none; padding: 0; text-decoration: underline; }
        .actions { display: flex; flex-wrap: wrap; gap: .5em; margin: .6em 0; }
        label { display: block; font-weight: 600; margin: .2em 0; }
        input, select, textarea { font: inherit; width: 100%; max-width: 100%; padding: .4em .5em; border: 1px solid #9ca3af; border-radius: 6px; background: #fff; }
        textarea { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; min-height: 7em; }
        .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: .6em 1em; align-items: end; }
        .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: .6em 1em; }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: .45em .6em; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
        th { font-size: .85em; color: #4b5563; text-transform: uppercase; letter-spacing: .03em; }
        .status { display: inline-flex; align-items: center; gap: .35em; font-weight: 600; white-space: nowrap; }
        .status::before { content: ""; width: .7em; height: .7em; border-radius: 50%; background: currentColor; }
        .s-pending, .s-ready { color: #4b5563; }
        .s-running { color: #1d4ed8; }
        .s-success { color: #15803d; }
        .s-failed { color: #b91c1c; }
        .s-interrupted, .s-canceled { color: #92400e; }
        .s-stopping { color: #c2410c; }
        pre { background: #111827; color: #e5e7eb; padding: .7em; border-radius: 6px; white-space: pre-wrap; word-break: break-all; max-height: 26em; overflow-y: auto; margin: .3em 0; font-size: .85em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0; }
        dl.facts dt { color: #4b5563; }
        dl.facts dd { margin: 0; }
        .pager { display: flex; flex-wrap: wrap; align-items: center; gap: .6em; margin: .8em 0; }
        .graph { width: 100%; overflow: hidden; }
        .graph svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        .graph .edge { fill: none; stroke: #6b7280; stroke-width: 1.5; }
        .graph .node rect { fill: #fff; stroke-width: 2.5; }
        .graph .node text { font-size: 13px; fill: #111827; }
        .graph .node text.sub { font-size: 11px; fill: #4b5563; }
        .graph .node.clickable { cursor: pointer; }
        .graph .node:focus { outline: none; }
        .graph .node.n-pending rect, .graph .node.n-ready rect { stroke: #6b7280; fill: #f9fafb; }
        .graph .node.n-running rect { stroke: #1d4ed8; fill: #dbeafe; }
        .graph .node.n-success rect { stroke: #15803d; fill: #dcfce7; }
        .graph .node.n-failed rect { stroke: #b91c1c; fill: #fee2e2; }
        .graph .node.n-canceled rect { stroke: #92400e; fill: #fef3c7; }
        .graph .node.n-step rect { stroke: #1e3a8a; fill: #eff6ff; }
        .graph .node:focus rect, .graph .node.selected rect { stroke: #f59e0b; stroke-width: 4; }
        .layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1em; }
        @media (min-width: 900px) { .layout.split { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
        .scroll-x { overflow-x: auto; }
        .result-graph, .histogram { display: block; width: 100%; max-width: 760px; height: auto; margin: 0 auto; }
        .result-graph .links line { stroke: #9ca3af; stroke-width: 1; }
        .result-graph .vertex { stroke: #fff; stroke-width: 1.2; }
        .result-graph .vertex:hover { stroke: #111827; stroke-width: 2; }
        .legend { display: flex; flex-wrap: wrap; gap: .3em 1em; list-style: none; margin: .5em 0; padding: 0; }
        .legend li { display: inline-flex; align-items: center; gap: .35em; font-size: .9em; }
        .histogram .bar { fill: #0072b2; }
        .histogram .bar:hover { fill: #e69f00; }
        .histogram .axis { stroke: #6b7280; }
        .histogram text { font-size: 12px; fill: #374151; }
        .picker { max-width: 16em; margin: 0 0 .5em; }
        dialog { border: 1px solid #9ca3af; border-radius: 8px; max-width: min(30em, 92vw); }
        dialog::backdrop { background: rgba(17, 24, 39, .45); }
        .login { max-width: 24em; margin: 2em auto; }
        .tag { display: inline-block; font-size: .8em; background: #e5e7eb; border-radius: 4px; padding: 0 .4em; margin-right: .3em; }
        @media (max-width: 700px) {
          table.stack thead { display: none; }
          table.stack tr { display: block; border-bottom: 1px solid #d1d5db; padding: .4em 0; }
          table.stack td { display: flex; gap: .6em; border: 0; padding: .15em .6em; }
          table.stack td::before { content: attr(data-label); flex: 0 0 6.5em; color: #6b7280; font-size: .85em; }
        }

        """#
}
