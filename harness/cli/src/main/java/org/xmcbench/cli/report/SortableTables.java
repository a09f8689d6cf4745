package org.xmcbench.cli.report;

/**
 * The few lines of script and style that make the report's tables sortable (click a header; again to reverse) and
 * keep a wide table inside the page (it scrolls sideways in its own box). A cell sorts by its {@code data-v} number
 * when it has one (a mean, not its "± sd" text), else by its text; a dash sorts last.
 */
final class SortableTables {
    static final String STYLE = ".scroll{overflow-x:auto;max-width:100%;}"
            + "table.sortable th{cursor:pointer;user-select:none;}"
            + "table.sortable th:hover{background:#ddd;}";

    static final String SCRIPT = "<script>\n"
            + "document.querySelectorAll('table.sortable').forEach(function (table) {\n"
            + "  table.querySelectorAll('th').forEach(function (th, col) {\n"
            + "    th.title = 'click to sort';\n"
            + "    th.addEventListener('click', function () {\n"
            + "      var asc = th.dataset.dir !== 'asc';\n"
            + "      table.querySelectorAll('th').forEach(function (h) { delete h.dataset.dir; });\n"
            + "      th.dataset.dir = asc ? 'asc' : 'desc';\n"
            + "      var key = function (tr) {\n"
            + "        var td = tr.children[col];\n"
            + "        return td.dataset.v !== undefined ? parseFloat(td.dataset.v) : td.textContent;\n"
            + "      };\n"
            + "      var rows = Array.from(table.querySelectorAll('tr')).slice(1);\n"
            + "      rows.sort(function (a, b) {\n"
            + "        var x = key(a), y = key(b);\n"
            + "        if (x === '\\u2013' || y === '\\u2013') { return (x === '\\u2013') - (y === '\\u2013'); }\n"
            + "        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(y);\n"
            + "        return asc ? c : -c;\n"
            + "      });\n"
            + "      rows.forEach(function (tr) { tr.parentNode.appendChild(tr); });\n"
            + "    });\n"
            + "  });\n"
            + "});\n"
            + "</script>\n";

    private SortableTables() {}
}
