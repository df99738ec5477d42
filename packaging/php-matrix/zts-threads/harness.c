/*
 * Runs PHP requests on several threads of one process, as FrankenPHP's worker threads do: the
 * embed SAPI of a ZTS PHP, one TSRM context per thread, php_request_startup()/shutdown() around
 * every request.
 *
 *   zts-harness PHP_INI THREADS REQUESTS SCRIPT
 *
 * PHP_INI is the php.ini the engine reads (it loads the extension). Every thread runs REQUESTS
 * requests, one after the other; each request runs SCRIPT with $T (thread, from 0) and $R
 * (request, from 0) set. All threads start their first request together (a barrier), so the
 * requests really overlap. A request fails when its script ends with an uncaught exception, a
 * fatal error or a non-zero exit status; the harness prints one line per failure and a
 * summary, and exits 0 only when every request of every thread succeeded.
 *
 * Output of the scripts goes to stdout as the embed SAPI writes it (write(2) per chunk): scripts
 * print one short line per echo so lines never interleave.
 */
#include <sapi/embed/php_embed.h>
#include <zend_exceptions.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
    pthread_t thread;
    int index;
    int requests;
    const char *script;
    int failed;
};

static pthread_barrier_t start_together;

/* One request on the calling thread: startup, the script, shutdown. Returns 0 on success. */
static int run_request(struct worker *w, int request)
{
    char code[4096];
    int ok = 1;

    SG(options) |= SAPI_OPTION_NO_CHDIR;
    if (php_request_startup() == FAILURE) {
        fprintf(stderr, "thread %d request %d: php_request_startup failed\n", w->index, request);
        return 1;
    }
    SG(headers_sent) = 1;
    SG(request_info).no_headers = 1;

    snprintf(code, sizeof code, "$T = %d; $R = %d; require '%s';", w->index, request, w->script);
    zend_first_try {
        /* handle_exceptions = 1: an uncaught exception is reported as PHP reports it and sets
         * the exit status to 255. */
        if (zend_eval_stringl_ex(code, strlen(code), NULL, "zts-harness", 1) == FAILURE) {
            ok = 0;
        }
    } zend_catch {
        /* exit() or a fatal error: the exit status says which. */
    } zend_end_try();
    if (EG(exit_status) != 0) {
        ok = 0;
    }
    if (!ok) {
        fprintf(stderr, "thread %d request %d: failed (exit status %d)\n", w->index, request, EG(exit_status));
    }
    php_request_shutdown(NULL);
    return ok ? 0 : 1;
}

static void *run_worker(void *arg)
{
    struct worker *w = arg;

    /* This thread's own copy of every engine and extension global (TSRM). */
    (void)ts_resource(0);
    pthread_barrier_wait(&start_together);
    for (int r = 0; r < w->requests; r++) {
        w->failed += run_request(w, r);
    }
    ts_free_thread();
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s PHP_INI THREADS REQUESTS SCRIPT\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[2]);
    int requests = atoi(argv[3]);
    if (threads < 1 || requests < 1 || strchr(argv[4], '\'') != NULL) {
        fprintf(stderr, "zts-harness: THREADS and REQUESTS must be >= 1 and SCRIPT a plain path\n");
        return 2;
    }

    php_embed_module.php_ini_path_override = argv[1];
    char *embed_argv[] = {argv[0], NULL};
    if (php_embed_init(1, embed_argv) == FAILURE) {
        fprintf(stderr, "zts-harness: php_embed_init failed\n");
        return 1;
    }
    if (!zend_hash_str_exists(&module_registry, "socketio", sizeof("socketio") - 1)) {
        fprintf(stderr, "zts-harness: the socketio extension is not loaded (check %s)\n", argv[1]);
        php_embed_shutdown();
        return 1;
    }

    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    pthread_barrier_init(&start_together, NULL, (unsigned)threads);
    for (int i = 0; i < threads; i++) {
        workers[i] = (struct worker){.index = i, .requests = requests, .script = argv[4]};
        if (pthread_create(&workers[i].thread, NULL, run_worker, &workers[i]) != 0) {
            fprintf(stderr, "zts-harness: pthread_create failed\n");
            return 1;
        }
    }
    int failed = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(workers[i].thread, NULL);
        failed += workers[i].failed;
    }
    pthread_barrier_destroy(&start_together);
    free(workers);

    php_embed_shutdown();
    fprintf(stderr, "zts-harness: %d threads x %d requests, %d failed\n", threads, requests, failed);
    return failed == 0 ? 0 : 1;
}
