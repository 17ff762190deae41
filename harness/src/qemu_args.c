#include "qemu_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void argv_add(struct argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = xstrdup(s);
    a->v[a->n] = NULL;
}

void argv_addf(struct argv *a, const char *fmt, ...)
{
    struct strbuf sb;
    va_list ap;
    sb_init(&sb);
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    argv_add(a, sb.buf);
    sb_free(&sb);
}

void argv_free(struct argv *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

static int needs_quotes(const char *s)
{
    if (!*s)
        return 1;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+,./:@%", *s))
            return 1;
    return 0;
}

char *argv_join(const struct argv *a)
{
    struct strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < a->n; i++) {
        if (i)
            sb_addc(&sb, ' ');
        if (!needs_quotes(a->v[i])) {
            sb_adds(&sb, a->v[i]);
            continue;
        }
        sb_addc(&sb, '\'');
        for (const char *p = a->v[i]; *p; p++) {
            if (*p == '\'')
                sb_adds(&sb, "'\\''");
            else
                sb_addc(&sb, *p);
        }
        sb_addc(&sb, '\'');
    }
    return sb_steal(&sb);
}

void default_mac(int host_index, char out[18])
{
    snprintf(out, 18, "52:54:00:12:34:%02x", (unsigned)(host_index + 1) & 0xff);
}

char *qemu_escape_commas(const char *s)
{
    struct strbuf sb;
    sb_init(&sb);
    for (; *s; s++) {
        sb_addc(&sb, *s);
        if (*s == ',')
            sb_addc(&sb, ',');
    }
    return sb_steal(&sb);
}

static void add_boot(const struct profile *p, const struct scn_host *h, struct argv *out)
{
    if (!p->kernel)
        return;               /* the firmware boots the first drive */
    argv_add(out, "-kernel");
    argv_add(out, p->kernel);
    if (p->append || h->append) {
        argv_add(out, "-append");
        argv_addf(out, "%s%s%s", p->append ? p->append : "", p->append && h->append ? " " : "",
                  h->append ? h->append : "");
    }
    if (p->initrd) {
        argv_add(out, "-initrd");
        argv_add(out, p->initrd);
    } else if (p->nmods) {
        struct strbuf sb;
        sb_init(&sb);
        for (int i = 0; i < p->nmods; i++) {
            char *path = qemu_escape_commas(p->mods[i].path);
            char *args = qemu_escape_commas(p->mods[i].args);
            sb_addf(&sb, "%s%s%s%s", i ? "," : "", path, *args ? " " : "", args);
            free(path);
            free(args);
        }
        argv_add(out, "-initrd");
        argv_add(out, sb.buf);
        sb_free(&sb);
    }
}

static void add_serial(const struct scn_host *h, const struct qemu_opts *o, struct argv *out)
{
    argv_add(out, "-serial");
    switch (o->serial) {
    case SERIAL_STDIO:
        argv_add(out, "mon:stdio");
        return;
    case SERIAL_FILE:
        argv_addf(out, "file:%s.serial.log", h->name);
        return;
    case SERIAL_SERVER:
        argv_add(out, "chardev:ser0");
        argv_add(out, "-chardev");
        argv_addf(out, "socket,id=ser0,path=%s.ser,server=on,wait=off", h->name);
        return;
    case SERIAL_SOCKET:
        argv_add(out, "chardev:ser0");
        argv_add(out, "-chardev");
        argv_addf(out, "socket,id=ser0,path=%s.ser", h->name);
        return;
    }
}

void qemu_build_argv(const struct profile *p, const struct scn_host *h, int host_index,
                     const struct qemu_opts *o, struct argv *out)
{
    int kvm = o->accel && !strcmp(o->accel, "kvm");
    int memory = h->memory ? h->memory : p->memory;
    int cpus = h->cpus ? h->cpus : p->cpus;
    const char *cpu = kvm ? "host" : h->cpu ? h->cpu : p->cpu ? p->cpu : "qemu64";
    memset(out, 0, sizeof *out);
    argv_add(out, o->qemu);
    argv_add(out, "-name");
    argv_add(out, h->name);
    argv_add(out, "-nodefaults");
    argv_add(out, "-no-user-config");
    argv_add(out, "-nographic");
    if (!h->reboot)
        argv_add(out, "-no-reboot");   /* a reset ends the run unless the host asks */
    argv_add(out, "-machine");
    argv_add(out, p->machine ? p->machine : "pc");
    argv_add(out, "-accel");
    if (kvm)
        argv_add(out, "kvm");
    else if (p->tcg)
        argv_addf(out, "tcg,%s", p->tcg);
    else
        argv_add(out, "tcg");
    argv_add(out, "-cpu");
    argv_add(out, cpu);
    if (memory) {
        argv_add(out, "-m");
        argv_addf(out, "%d", memory);
    }
    if (cpus) {
        argv_add(out, "-smp");
        argv_addf(out, "%d", cpus);
    }
    add_boot(p, h, out);
    for (int i = 0; i < p->nglobals; i++) {
        argv_add(out, "-global");
        argv_add(out, p->globals[i]);
    }
    for (int i = 0; i < p->ndrives; i++) {
        char *f = qemu_escape_commas(p->drives[i]);
        argv_add(out, "-drive");
        argv_addf(out, "file=%s,if=virtio,format=raw,snapshot=on", f);
        free(f);
    }
    for (int i = 0; i < p->ndevices; i++) {
        argv_add(out, "-device");
        argv_add(out, p->devices[i]);
    }
    add_serial(h, o, out);
    argv_add(out, "-qmp");
    argv_addf(out, "unix:%s.qmp,server=on,wait=off", h->name);
    if (p->trace_port >= 0) {
        argv_add(out, "-chardev");
        argv_addf(out, "file,id=trace0,path=%s.trace.log", h->name);
        argv_add(out, "-device");
        argv_addf(out, "isa-debugcon,iobase=0x%x,chardev=trace0", (unsigned)p->trace_port);
    }
    if (h->lan) {
        char mac[18];
        default_mac(host_index, mac);
        argv_add(out, "-netdev");
        argv_addf(out, "dgram,id=lan0,local.type=unix,local.path=%s.nic,"
                       "remote.type=unix,remote.path=%s.lan", h->name, h->name);
        argv_add(out, "-device");
        argv_addf(out, "%s,netdev=lan0,mac=%s", p->nic ? p->nic : "virtio-net-pci",
                  h->mac ? h->mac : mac);
    }
    if (o->stopped)
        argv_add(out, "-S");
    if (o->gdb) {
        argv_add(out, "-gdb");
        argv_add(out, o->gdb);
    }
}
