// FixedRate: a constant-rate HTTP/1.1 load generator for CoopCare's benchmarks (Debian has no wrk2).
//
// It sends GET requests at a fixed total rate, spread evenly over a few keep-alive connections
// (one request in flight per connection, no pipelining), on loopback only, for a bounded time.
// Each request has an intended send time on a fixed schedule: connection c sends its i-th request
// at start + (c + i * connections) / rate. When a response is late, the next request on that
// connection goes out as soon as the previous one is answered, but its latency is still counted
// from its intended time, not from when it was actually sent. That is the schedule-based
// ("coordinated-omission-corrected") latency, as wrk2 reports it; the service time (from the
// actual send) is reported beside it.
//
// Usage: FixedRate --port P --path /account --rate R [--duration 10] [--warmup 2]
//                  [--connections 8] [--header "Cookie: a=b"]... [--host 127.0.0.1] [--timeline 1]
// Prints a human summary and one machine-readable line starting with "RESULT ".

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 256
#define MAX_HEADERS 16

typedef struct {
    int fd;
    int waiting;            // a request is in flight
    uint64_t next_ns;       // intended time of the next request (absolute, CLOCK_MONOTONIC)
    uint64_t intended_ns;   // intended time of the request in flight
    uint64_t sent_ns;       // actual send time of the request in flight
    char *buf;
    size_t len, cap;
} Conn;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const char *host = "127.0.0.1";
static int port = 0;
static const char *path = "/";
static double rate = 0;
static double duration_s = 10, warmup_s = 2;
static int nconn = 8;
static const char *headers[MAX_HEADERS];
static int nheaders = 0;

static char request[8192];
static size_t request_len;

static int epfd;
static uint64_t measure_from_ns, schedule_end_ns;
static uint64_t *lat_co, *lat_svc;   // corrected and service latencies of measured requests
static uint32_t *lat_sec;            // which second of the measured window each was intended in
static int timeline = 0;
static size_t nlat, lat_cap;
static uint64_t last_measured_done_ns;
static uint64_t sent_total, done_total, errors, non2xx, reconnects, timeouts, measured_sent;

static void die(const char *what) { perror(what); exit(2); }

static int open_conn(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "bad host %s\n", host); exit(2); }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = fd};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    return fd;
}

static void reconnect(Conn *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = open_conn();
    c->len = 0;
    c->waiting = 0;
    reconnects++;
}

static int send_request(Conn *c, uint64_t now) {
    size_t off = 0;
    while (off < request_len) {
        ssize_t n = send(c->fd, request + off, request_len - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        off += (size_t)n;
    }
    c->waiting = 1;
    c->intended_ns = c->next_ns;
    c->sent_ns = now;
    c->next_ns += (uint64_t)((double)nconn * 1e9 / rate);
    sent_total++;
    if (c->intended_ns >= measure_from_ns) measured_sent++;
    return 0;
}

// Returns the length of a complete response at the start of buf, 0 when more bytes are needed, -1 on garbage.
// Sets *status and *close_after.
static long complete_response(const char *buf, size_t len, int *status, int *close_after) {
    const char *end = memmem(buf, len, "\r\n\r\n", 4);
    if (!end) return 0;
    size_t head = (size_t)(end - buf) + 4;
    if (len < 12 || strncmp(buf, "HTTP/1.", 7) != 0) return -1;
    *status = atoi(buf + 9);
    *close_after = 0;
    long content_length = -1;
    int chunked = 0;
    const char *line = memchr(buf, '\n', head) + 1;
    while (line < buf + head - 2) {
        const char *eol = memchr(line, '\n', (size_t)(buf + head - line));
        if (!eol) break;
        if (strncasecmp(line, "content-length:", 15) == 0) content_length = atol(line + 15);
        else if (strncasecmp(line, "transfer-encoding:", 18) == 0 && memmem(line, (size_t)(eol - line), "chunked", 7)) chunked = 1;
        else if (strncasecmp(line, "connection:", 11) == 0 && memmem(line, (size_t)(eol - line), "close", 5)) *close_after = 1;
        line = eol + 1;
    }
    if (chunked) {
        size_t pos = head;
        for (;;) {
            const char *crlf = memmem(buf + pos, len - pos, "\r\n", 2);
            if (!crlf) return 0;
            unsigned long size = strtoul(buf + pos, NULL, 16);
            pos = (size_t)(crlf - buf) + 2;
            if (size == 0) {
                // no trailers expected: the final CRLF
                if (len - pos < 2) return 0;
                return (long)(pos + 2);
            }
            if (len - pos < size + 2) return 0;
            pos += size + 2;
        }
    }
    if (content_length < 0) content_length = 0;  // HEAD-less GET without length: treat as empty (204/304)
    if (len - head < (size_t)content_length) return 0;
    return (long)(head + (size_t)content_length);
}

static void record(Conn *c, uint64_t now, int status) {
    done_total++;
    if (status < 200 || status > 399) non2xx++;
    if (c->intended_ns >= measure_from_ns && c->intended_ns < schedule_end_ns) {
        if (nlat == lat_cap) {
            lat_cap *= 2;
            lat_co = realloc(lat_co, lat_cap * sizeof *lat_co);
            lat_svc = realloc(lat_svc, lat_cap * sizeof *lat_svc);
            lat_sec = realloc(lat_sec, lat_cap * sizeof *lat_sec);
            if (!lat_co || !lat_svc || !lat_sec) die("realloc");
        }
        lat_co[nlat] = now - c->intended_ns;
        lat_svc[nlat] = now - c->sent_ns;
        lat_sec[nlat] = (uint32_t)((c->intended_ns - measure_from_ns) / 1000000000ull);
        nlat++;
        last_measured_done_ns = now;
    }
}

static void on_readable(Conn *c) {
    for (;;) {
        if (c->cap - c->len < 16384) {
            c->cap *= 2;
            c->buf = realloc(c->buf, c->cap);
            if (!c->buf) die("realloc");
        }
        ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            errors++;
            reconnect(c);
            return;
        }
        if (n == 0) {  // peer closed
            if (c->waiting) errors++;
            reconnect(c);
            return;
        }
        c->len += (size_t)n;
    }
    if (!c->waiting) { c->len = 0; return; }
    int status = 0, close_after = 0;
    long used = complete_response(c->buf, c->len, &status, &close_after);
    if (used < 0) { errors++; reconnect(c); return; }
    if (used == 0) return;
    uint64_t now = now_ns();
    record(c, now, status);
    c->waiting = 0;
    memmove(c->buf, c->buf + used, c->len - (size_t)used);
    c->len -= (size_t)used;
    if (close_after) reconnect(c);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_ms(const uint64_t *sorted, size_t n, double p) {
    if (n == 0) return 0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);  // nearest rank
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1] / 1e6;
}

static void usage(void) {
    fprintf(stderr, "usage: FixedRate --port P --path PATH --rate R [--duration S] [--warmup S] [--connections N] [--header 'K: V']... [--host 127.0.0.1] [--timeline 1]\n");
    exit(2);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        if (!strcmp(a, "--host")) host = v;
        else if (!strcmp(a, "--port")) port = atoi(v);
        else if (!strcmp(a, "--path")) path = v;
        else if (!strcmp(a, "--rate")) rate = atof(v);
        else if (!strcmp(a, "--duration")) duration_s = atof(v);
        else if (!strcmp(a, "--warmup")) warmup_s = atof(v);
        else if (!strcmp(a, "--connections")) nconn = atoi(v);
        else if (!strcmp(a, "--timeline")) timeline = atoi(v);
        else if (!strcmp(a, "--header")) { if (nheaders == MAX_HEADERS) usage(); headers[nheaders++] = v; }
        else usage();
    }
    if (port <= 0 || rate <= 0 || nconn < 1 || nconn > MAX_CONNECTIONS || duration_s <= 0 || duration_s > 300 || warmup_s < 0) usage();
    // Loopback only: this tool is for benchmarks of servers on this machine.
    if (strncmp(host, "127.", 4) != 0) { fprintf(stderr, "FixedRate only targets 127.0.0.0/8\n"); return 2; }

    int off = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: FixedRate\r\nAccept: text/html\r\n", path, host, port);
    for (int h = 0; h < nheaders; h++) off += snprintf(request + off, sizeof request - (size_t)off, "%s\r\n", headers[h]);
    off += snprintf(request + off, sizeof request - (size_t)off, "\r\n");
    if (off >= (int)sizeof request) { fprintf(stderr, "request too long\n"); return 2; }
    request_len = (size_t)off;

    epfd = epoll_create1(0);
    if (epfd < 0) die("epoll_create1");
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (tfd < 0) die("timerfd_create");
    struct epoll_event tev = {.events = EPOLLIN, .data.fd = tfd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &tev);

    Conn conns[MAX_CONNECTIONS];
    memset(conns, 0, sizeof conns);
    uint64_t start = now_ns() + 50000000ull;  // connect first, start the schedule 50 ms later
    measure_from_ns = start + (uint64_t)(warmup_s * 1e9);
    schedule_end_ns = measure_from_ns + (uint64_t)(duration_s * 1e9);
    uint64_t hard_end = schedule_end_ns + 10000000000ull;  // at most 10 s more to drain a backlog
    for (int c = 0; c < nconn; c++) {
        conns[c].fd = open_conn();
        conns[c].cap = 65536;
        conns[c].buf = malloc(conns[c].cap);
        conns[c].next_ns = start + (uint64_t)((double)c * 1e9 / rate);
    }
    lat_cap = (size_t)(rate * duration_s * 1.1) + 1024;
    lat_co = malloc(lat_cap * sizeof *lat_co);
    lat_svc = malloc(lat_cap * sizeof *lat_svc);
    lat_sec = malloc(lat_cap * sizeof *lat_sec);
    if (!lat_co || !lat_svc || !lat_sec) die("malloc");

    struct epoll_event events[MAX_CONNECTIONS + 1];
    for (;;) {
        uint64_t now = now_ns();
        // Send every request that is due on an idle connection.
        int busy = 0;
        uint64_t next_due = UINT64_MAX;
        for (int c = 0; c < nconn; c++) {
            Conn *k = &conns[c];
            if (!k->waiting && k->next_ns < schedule_end_ns && k->next_ns <= now && now < hard_end) {
                if (send_request(k, now) < 0) { errors++; reconnect(k); }
            }
            if (k->waiting) busy = 1;
            else if (k->next_ns < schedule_end_ns && k->next_ns < next_due) next_due = k->next_ns;
        }
        if (now >= hard_end) break;
        if (!busy && next_due == UINT64_MAX) break;  // schedule done, nothing in flight
        if (next_due != UINT64_MAX) {
            struct itimerspec its = {0};
            uint64_t at = next_due > now ? next_due : now + 1000;
            its.it_value.tv_sec = (time_t)(at / 1000000000ull);
            its.it_value.tv_nsec = (long)(at % 1000000000ull);
            timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
        }
        int n = epoll_wait(epfd, events, MAX_CONNECTIONS + 1, 1000);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < n; e++) {
            int fd = events[e].data.fd;
            if (fd == tfd) { uint64_t x; ssize_t r = read(tfd, &x, sizeof x); (void)r; continue; }
            for (int c = 0; c < nconn; c++)
                if (conns[c].fd == fd) { on_readable(&conns[c]); break; }
        }
    }
    for (int c = 0; c < nconn; c++) if (conns[c].waiting) timeouts++;
    // Requests whose intended time fell in the measured window but that were never sent or never answered.
    uint64_t missing = measured_sent > nlat ? measured_sent - nlat : 0;
    uint64_t never_sent = 0, interval = (uint64_t)((double)nconn * 1e9 / rate);
    for (int c = 0; c < nconn; c++)
        for (uint64_t t = conns[c].next_ns; t < schedule_end_ns; t += interval)
            if (t >= measure_from_ns) never_sent++;

    if (timeline) {
        // Per second of intended send time: how the corrected latency moved during the run.
        printf("  timeline (second of the measured window: answered, corrected p50 / p99 / max in ms):\n");
        int seconds = (int)(duration_s + 0.999);
        uint64_t *tmp = malloc((nlat + 1) * sizeof *tmp);
        if (!tmp) die("malloc");
        for (int sec = 0; sec < seconds; sec++) {
            size_t k = 0;
            for (size_t i = 0; i < nlat; i++) if (lat_sec[i] == (uint32_t)sec) tmp[k++] = lat_co[i];
            qsort(tmp, k, sizeof *tmp, cmp_u64);
            printf("    %3d s: %6zu  %9.2f %9.2f %9.2f\n", sec + 1, k, pct_ms(tmp, k, 50), pct_ms(tmp, k, 99), k ? (double)tmp[k - 1] / 1e6 : 0);
        }
        free(tmp);
    }
    qsort(lat_co, nlat, sizeof *lat_co, cmp_u64);
    qsort(lat_svc, nlat, sizeof *lat_svc, cmp_u64);
    double sum = 0;
    for (size_t i = 0; i < nlat; i++) sum += (double)lat_co[i];
    double mean = nlat ? sum / (double)nlat / 1e6 : 0;
    // Throughput actually served for the measured window: its answers over the time they took to arrive.
    double span_s = (double)(last_measured_done_ns > measure_from_ns ? last_measured_done_ns - measure_from_ns : 0) / 1e9;
    if (span_s < duration_s) span_s = duration_s;
    double achieved = (double)nlat / span_s;

    printf("FixedRate: GET %s at %.0f req/s on %d keep-alive connections, %g s warm-up + %g s measured\n",
           path, rate, nconn, warmup_s, duration_s);
    printf("  measured: %zu answered (%.1f req/s achieved), %llu non-2xx/3xx, %llu errors, %llu unanswered, %llu never sent, %llu reconnects\n",
           nlat, achieved, (unsigned long long)non2xx, (unsigned long long)errors,
           (unsigned long long)(missing + timeouts), (unsigned long long)never_sent, (unsigned long long)reconnects);
    printf("  latency from intended send time (corrected): p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  mean %.2f ms\n",
           pct_ms(lat_co, nlat, 50), pct_ms(lat_co, nlat, 90), pct_ms(lat_co, nlat, 99), pct_ms(lat_co, nlat, 99.9),
           nlat ? (double)lat_co[nlat - 1] / 1e6 : 0, mean);
    printf("  service time from actual send (uncorrected): p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
           pct_ms(lat_svc, nlat, 50), pct_ms(lat_svc, nlat, 99), nlat ? (double)lat_svc[nlat - 1] / 1e6 : 0);
    printf("RESULT rate=%.0f achieved=%.1f answered=%zu non2xx=%llu errors=%llu unanswered=%llu never_sent=%llu p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f svc_p50_ms=%.3f svc_p99_ms=%.3f\n",
           rate, achieved, nlat, (unsigned long long)non2xx, (unsigned long long)errors,
           (unsigned long long)(missing + timeouts), (unsigned long long)never_sent,
           pct_ms(lat_co, nlat, 50), pct_ms(lat_co, nlat, 90), pct_ms(lat_co, nlat, 99), pct_ms(lat_co, nlat, 99.9),
           nlat ? (double)lat_co[nlat - 1] / 1e6 : 0, pct_ms(lat_svc, nlat, 50), pct_ms(lat_svc, nlat, 99));
    return (errors || non2xx || missing || timeouts || never_sent) ? 1 : 0;
}
