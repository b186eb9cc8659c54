/* fuzz_tmpl.c - libFuzzer target for the template parser and renderer.
 *
 * Input: the template text. It is added as "t" and as the partial "p", then
 * rendered on a fixed context with strings to escape, numbers, arrays and
 * nested objects. Checks after each input: parsing either succeeds or gives
 * "line N: …" with N within the input; text without "{{" renders unchanged;
 * rendering twice gives the same bytes; an escaped value never puts a raw
 * '<' into the output where the template had none (unless {{{ or {{& ask).
 *
 *   make fuzz          (every fuzzer, with the project's flags: build/fuzz/fuzz_tmpl)
 *   mkdir -p /tmp/tmpl-corpus
 *   build/fuzz/fuzz_tmpl -max_total_time=60 /tmp/tmpl-corpus tests/fuzz/corpus/tmpl
 *
 * libFuzzer writes new inputs into the first directory given: keep the seeds
 * (tests/fuzz/corpus/tmpl) second so that they stay a handful. `make test`
 * replays the seeds and fuzzes for a few seconds (tests/fuzz/run.sh). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl.h"

static json_t *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); /* called by libFuzzer */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!ctx)
        ctx = json_loads("{\"name\":\"<b>Nông Văn Bình</b> & 'x'\",\"n\":42,\"r\":0.5,\"t\":true,\"f\":false,"
                         "\"z\":null,\"items\":[{\"n\":\"<1>\"},{\"n\":2,\"items\":[]}],\"o\":{\"a\":{\"b\":\"<c>\"}},"
                         "\"list\":[\"<\",1,[2,[3]]]}",
                         0, NULL);
    const char *text = (const char *)data;
    tmpl_set *s = tmpl_set_create();
    char err[256] = "";
    bool ok = tmpl_add(s, "t", text, size, err, sizeof err);
    if (!ok) {
        int line = 0;
        if (sscanf(err, "line %d:", &line) != 1) abort();
        int lines = 1;
        for (size_t i = 0; i < size; i++) lines += text[i] == '\n';
        if (line < 1 || line > lines) abort();
        tmpl_set_free(s);
        return 0;
    }
    tmpl_add(s, "p", text, size, err, sizeof err);
    buf a = {0}, b = {0};
    if (!tmpl_render(s, "t", ctx, &a) || !tmpl_render(s, "t", ctx, &b)) abort();
    if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0)) abort();
    bool tags = memmem(text, size, "{{", 2) != NULL;
    if (!tags && (a.len != size || (size && memcmp(a.data, text, size) != 0))) abort();
    bool raw_asked = false; /* some tag {{{ or {{ & */
    for (size_t i = 0; i + 2 < size && !raw_asked; i++) {
        if (text[i] != '{' || text[i + 1] != '{') continue;
        size_t k = i + 2;
        if (text[k] == '{') raw_asked = true;
        while (k < size && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r')) k++;
        if (k < size && text[k] == '&') raw_asked = true;
    }
    if (!raw_asked && !memchr(text, '<', size) && a.len && memchr(a.data, '<', a.len)) abort();
    buf_free(&a);
    buf_free(&b);
    tmpl_set_free(s);
    return 0;
}
