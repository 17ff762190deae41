/* The one result line (test.h) and the end of the test: shared by the PVH
 * guests (setup.c) and the bare-metal SVM tests (svm-conformance/). */
#include "test.h"

static enum { RESULT_SUCCESS, RESULT_SKIP, RESULT_FAILURE } result;
static char result_reason[160];
static unsigned int shutdown_reason = SHUTDOWN_poweroff;
static void (*exit_fn)(void);

static void record(int kind, const char *fmt, va_list ap)
{
    char msg[160];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    printk("%s: %s\n", kind == RESULT_FAILURE ? "fail" : "skip", msg);
    if ( kind > (int)result )
    {
        result = kind;
        memcpy(result_reason, msg, sizeof(msg));
    }
}

void test_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    record(RESULT_FAILURE, fmt, ap);
    va_end(ap);
}

void test_skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    record(RESULT_SKIP, fmt, ap);
    va_end(ap);
}

bool test_failed(void)
{
    return result == RESULT_FAILURE;
}

void test_set_shutdown(unsigned int reason)
{
    shutdown_reason = reason;
}

void test_set_exit(void (*fn)(void))
{
    exit_fn = fn;
}

void test_finish(void)
{
    static const char *const words[] = { "SUCCESS", "SKIP", "FAILURE" };
    long rc;

    if ( result == RESULT_SUCCESS )
        printk("Test result: SUCCESS\n");
    else
        printk("Test result: %s: %s\n", words[result], result_reason);

    if ( exit_fn )
        exit_fn();
    rc = hypercall_shutdown(shutdown_reason);
    /* Only a refused shutdown (or a resumed suspend) comes back; HLT with
     * interrupts off then takes the vCPU down, and Xen powers a domain
     * without online vCPUs off (hvm_hlt -> hvm_vcpu_down). */
    printk("SCHEDOP_shutdown(%s) returned %ld\n",
           shutdown_reason_name(shutdown_reason), rc);
    for ( ;; )
        asm volatile ( "cli; hlt" );
}

void test_abort(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    record(RESULT_FAILURE, fmt, ap);
    va_end(ap);
    test_finish();
}

