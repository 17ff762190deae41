#include "report.h"
#include "escape.h"
#include "matcher.h"
#include "scenario.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Writes sb's text to path and frees sb; 0 or -1. */
static int write_and_free(const char *path, struct strbuf *sb)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        sb_free(sb);
        return -1;
    }
    fputs(sb->buf, f);
    sb_free(sb);
    return fclose(f);
}

static void esc(struct strbuf *sb, const char *s)
{
    xml_escape(sb, s ? s : "", s ? strlen(s) : 0);
}

/* The last lines of every <host>.serial.log in dir, cleaned of escapes. */
static void console_tails(struct strbuf *out, const char *dir, int lines)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    if (!d)
        return;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 11 || strcmp(de->d_name + l - 11, ".serial.log"))
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        char *raw = read_text_file(path);
        free(path);
        if (!raw)
            continue;
        struct matcher m;
        matcher_init(&m);
        matcher_feed(&m, raw, strlen(raw));
        char *tail = matcher_tail(&m, lines);
        sb_addf(out, "==> %.*s (last %d lines) <==\n%s\n", (int)(l - 11), de->d_name, lines, tail);
        free(tail);
        matcher_free(&m);
        free(raw);
    }
    closedir(d);
}

static void counts(struct job *jobs, int n, int *fail, int *skip)
{
    *fail = *skip = 0;
    for (int i = 0; i < n; i++) {
        *fail += jobs[i].status == OUT_FAIL;
        *skip += jobs[i].status == OUT_SKIP;
    }
}

int write_junit(const char *path, struct job *jobs, int n, double total)
{
    struct strbuf sb;
    int fail, skip;
    char ts[32];
    time_t now = time(NULL);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", localtime(&now));
    counts(jobs, n, &fail, &skip);
    sb_init(&sb);
    sb_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb_addf(&sb, "<testsuites name=\"labrun\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n",
            n, fail, skip, total);
    sb_addf(&sb, "  <testsuite name=\"scenarios\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\" timestamp=\"%s\">\n",
            n, fail, skip, total, ts);
    for (int i = 0; i < n; i++) {
        struct job *j = &jobs[i];
        sb_adds(&sb, "    <testcase classname=\"scenarios.");
        esc(&sb, j->stack);
        sb_adds(&sb, "\" name=\"");
        esc(&sb, j->name);
        sb_addf(&sb, "\" file=\"");
        esc(&sb, j->file);
        sb_addf(&sb, "\" time=\"%.3f\">\n", j->duration);
        /* How often it ran again on a known fault (rerun.h): 0 or 1. */
        sb_addf(&sb, "      <properties><property name=\"reruns\" value=\"%d\"/></properties>\n",
                j->note != NULL);
        if (j->status == OUT_SKIP) {
            sb_adds(&sb, "      <skipped message=\"");
            esc(&sb, j->summary);
            sb_adds(&sb, "\"/>\n");
        } else if (j->status == OUT_FAIL) {
            sb_adds(&sb, "      <failure message=\"");
            esc(&sb, j->summary);
            sb_adds(&sb, "\" type=\"ScenarioFailure\">");
            esc(&sb, j->message ? j->message : j->summary);
            sb_adds(&sb, "</failure>\n");
        }
        if (j->status != OUT_SKIP && j->artdir) {
            struct strbuf tails;
            sb_init(&tails);
            if (j->note)
                sb_addf(&tails, "%s\n", j->note);
            console_tails(&tails, j->artdir, 30);
            sb_adds(&sb, "      <system-out>");
            esc(&sb, tails.buf);
            sb_adds(&sb, "</system-out>\n");
            sb_free(&tails);
        }
        sb_adds(&sb, "    </testcase>\n");
    }
    sb_adds(&sb, "  </testsuite>\n</testsuites>\n");
    return write_and_free(path, &sb);
}

static const char *status_word(enum outcome o)
{
    return o == OUT_PASS ? "pass" : o == OUT_FAIL ? "FAIL" : "skip";
}

/* Links to every file in the job's artifact folder. */
static void html_links(struct strbuf *sb, const struct job *j)
{
    DIR *d = j->artdir ? opendir(j->artdir) : NULL;
    struct dirent *de;
    if (!d)
        return;
    while ((de = readdir(d))) {
        const char *nm = de->d_name;
        size_t l = strlen(nm);
        if (nm[0] == '.' || (l > 4 && (!strcmp(nm + l - 4, ".ser") || !strcmp(nm + l - 4, ".qmp") ||
                                       !strcmp(nm + l - 4, ".lan") || !strcmp(nm + l - 4, ".nic"))))
            continue;
        sb_adds(sb, "<a href=\"");
        esc(sb, j->name);
        sb_adds(sb, "/");
        esc(sb, nm);
        sb_adds(sb, "\">");
        esc(sb, nm);
        sb_adds(sb, "</a> ");
    }
    closedir(d);
}

/* Steps from steps.tsv as a timeline: bars scaled to the scenario's length. */
static void html_timeline(struct strbuf *sb, const struct job *j)
{
    char *path = xasprintf("%s/steps.tsv", j->artdir ? j->artdir : ".");
    char *text = read_text_file(path);
    free(path);
    if (!text)
        return;
    double span = j->duration > 0.001 ? j->duration : 0.001;
    sb_adds(sb, "<table class=\"tl\"><tr><th>start</th><th>end</th><th>duration</th><th>result</th>"
                "<th>step</th><th class=\"bar\">timeline</th></tr>\n");
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *f[5] = { 0 };
        char *p = line;
        for (int k = 0; k < 5 && p; k++) {
            f[k] = p;
            p = k < 4 ? strchr(p, '\t') : NULL;
            if (p)
                *p++ = '\0';
        }
        if (!f[4])
            continue;
        double a = atof(f[0]), b = atof(f[1]);
        sb_addf(sb, "<tr class=\"%s\"><td>%.3f</td><td>%.3f</td><td>%.3f s</td><td>", strcmp(f[2], "ok") ? "bad" : "good", a, b, b - a);
        esc(sb, f[2]);
        sb_adds(sb, "</td><td><code>");
        esc(sb, f[3]);
        sb_adds(sb, "</code> ");
        esc(sb, f[4]);
        sb_addf(sb, "</td><td class=\"bar\"><div style=\"margin-left:%.1f%%;width:%.1f%%\"></div></td></tr>\n",
                100.0 * a / span, 100.0 * (b - a) / span < 0.3 ? 0.3 : 100.0 * (b - a) / span);
    }
    sb_adds(sb, "</table>\n");
    free(text);
}

struct count {
    char key[100];
    long n;
};

static int by_count(const void *a, const void *b)
{
    const struct count *x = a, *y = b;
    return x->n != y->n ? (y->n > x->n ? 1 : -1) : strcmp(x->key, y->key);
}

/* Counts "<class> <event>" of one trace log (docs/trace-format.md); VM
 * exits by their reason= and hypercalls by their name=, so the report sums
 * them by kind. */
static int trace_counts(const char *path, struct count *c, int max)
{
    int n = 0;
    FILE *f = fopen(path, "r");
    char line[600];
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        char cls[32], ev[32];
        if (sscanf(line, "%*s %*s %*s %31s %31s", cls, ev) != 2)
            continue;
        char key[100], sub[32] = "";
        const char *k = !strcmp(cls, "vmexit") ? strstr(line, " reason=") :
                        !strcmp(cls, "hcall") && !strcmp(ev, "call") ? strstr(line, " name=") : NULL;
        if (k)
            sscanf(strchr(k, '=') + 1, "%31[^ \n]", sub);
        snprintf(key, sizeof key, "%s %s%s%s", cls, ev, sub[0] ? " " : "", sub);
        int i;
        for (i = 0; i < n && strcmp(c[i].key, key); i++)
            ;
        if (i == n) {
            if (n == max)
                continue;
            snprintf(c[n].key, sizeof c[n].key, "%s", key);
            c[n++].n = 0;
        }
        c[i].n++;
    }
    fclose(f);
    qsort(c, (size_t)n, sizeof *c, by_count);
    return n;
}

/* Per host with a trace log: how many records of each class and event
 * (hypercalls, VM exits, ...), as a bar chart. */
static void html_trace_histograms(struct strbuf *sb, const struct job *j)
{
    DIR *d = j->artdir ? opendir(j->artdir) : NULL;
    struct dirent *de;
    static struct count c[256];
    if (!d)
        return;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 10 || strcmp(de->d_name + l - 10, ".trace.log"))
            continue;
        char *path = xasprintf("%s/%s", j->artdir, de->d_name);
        int n = trace_counts(path, c, 256);
        free(path);
        if (n == 0)
            continue;
        sb_adds(sb, "<p>Trace records of ");
        esc(sb, de->d_name);
        sb_adds(sb, " by class and event:</p><table class=\"tl\">\n");
        for (int i = 0; i < n && i < 40; i++) {
            sb_adds(sb, "<tr><td><code>");
            esc(sb, c[i].key);
            sb_addf(sb, "</code></td><td>%ld</td><td class=\"bar\"><div style=\"width:%.1f%%\"></div></td></tr>\n",
                    c[i].n, 100.0 * (double)c[i].n / (double)c[0].n);
        }
        sb_adds(sb, "</table>\n");
    }
    closedir(d);
}

static const char *css =
    "body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
    ".pass{background:#dfd}.FAIL,.bad{background:#fdd}.skip{background:#eee}"
    "td.bar{width:300px}td.bar div{height:10px;background:#58a}"
    "pre{background:#f6f6f6;padding:6px;overflow-x:auto}";

int write_html(const char *path, const char *report_dir, struct job *jobs, int n, double total)
{
    struct strbuf sb;
    int fail, skip;
    (void)report_dir;
    counts(jobs, n, &fail, &skip);
    sb_init(&sb);
    sb_addf(&sb, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>labrun report</title>"
                 "<style>%s</style></head><body>\n<h1>labrun report</h1>\n", css);
    int reruns = 0;
    for (int i = 0; i < n; i++)
        reruns += jobs[i].note != NULL;
    sb_addf(&sb, "<p>%d scenario runs: %d passed, %d failed, %d skipped, %d run again on a known fault, "
                 "%.1f s.</p>\n", n, n - fail - skip, fail, skip, reruns, total);
    sb_adds(&sb, "<table><tr><th>scenario@stack</th><th>title</th><th>result</th><th>reruns</th>"
                 "<th>time</th><th>detail</th></tr>\n");
    for (int i = 0; i < n; i++) {
        struct job *j = &jobs[i];
        sb_addf(&sb, "<tr class=\"%s\"><td><a href=\"#s%d\">", status_word(j->status), i);
        esc(&sb, j->name);
        sb_adds(&sb, "</a></td><td>");
        esc(&sb, j->title);
        sb_addf(&sb, "</td><td>%s</td><td%s>%d</td><td>%.1f s</td><td>", status_word(j->status),
                j->note ? " class=\"bad\"" : "", j->note != NULL, j->duration);
        if (j->status != OUT_PASS || j->note)
            esc(&sb, j->summary);
        sb_adds(&sb, "</td></tr>\n");
    }
    sb_adds(&sb, "</table>\n");
    for (int i = 0; i < n; i++) {
        struct job *j = &jobs[i];
        sb_addf(&sb, "<h2 id=\"s%d\">", i);
        esc(&sb, j->name);
        sb_addf(&sb, " &mdash; %s</h2>\n<p>", status_word(j->status));
        esc(&sb, j->file);
        sb_adds(&sb, ": ");
        esc(&sb, j->title);
        sb_adds(&sb, "</p>\n");
        if (j->status == OUT_SKIP) {
            sb_adds(&sb, "<p>Skipped: ");
            esc(&sb, j->summary);
            sb_adds(&sb, "</p>\n");
            continue;
        }
        sb_adds(&sb, "<p>Logs: ");
        html_links(&sb, j);
        sb_adds(&sb, "</p>\n");
        html_timeline(&sb, j);
        html_trace_histograms(&sb, j);
        if (j->note) {
            sb_adds(&sb, "<p>Run twice:</p><pre>");
            esc(&sb, j->note);
            sb_adds(&sb, "</pre>\n");
        }
        if (j->message) {
            sb_adds(&sb, "<pre>");
            esc(&sb, j->message);
            sb_adds(&sb, "</pre>\n");
        }
    }
    sb_adds(&sb, "</body></html>\n");
    return write_and_free(path, &sb);
}
