/* The floor: the least a client can do for the benchmark's requests. One keep-alive TCP
 * connection, a request written as prepared bytes, the response read up to its Content-Length,
 * nothing parsed beyond the headers. It prints the median nanoseconds per request over
 * `repeats` runs of `count` requests.
 *
 *     floor HOST PORT METHOD PATH API_KEY BODY|- COUNT REPEATS */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buffer[4 << 20];

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n <= 0) { perror("write"); exit(1); }
        data += n;
        len -= (size_t)n;
    }
}

/* Reads one response; returns its HTTP status. */
static int read_response(int fd) {
    size_t have = 0;
    char *end = NULL;
    while (end == NULL) {
        ssize_t n = read(fd, buffer + have, sizeof buffer - have - 1);
        if (n <= 0) { fprintf(stderr, "connection closed\n"); exit(1); }
        have += (size_t)n;
        buffer[have] = 0;
        end = strstr(buffer, "\r\n\r\n");
    }
    size_t head = (size_t)(end - buffer) + 4;
    long length = 0;
    for (char *line = strstr(buffer, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, "content-length:", 15) == 0) length = atol(line + 17);
    }
    while (have < head + (size_t)length) {
        ssize_t n = read(fd, buffer + have, sizeof buffer - have);
        if (n <= 0) { fprintf(stderr, "body cut short\n"); exit(1); }
        have += (size_t)n;
    }
    return atoi(buffer + 9);
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: floor HOST PORT METHOD PATH API_KEY BODY|- COUNT REPEATS\n");
        return 2;
    }
    const char *host = argv[1], *method = argv[3], *path = argv[4], *key = argv[5];
    const char *body = strcmp(argv[6], "-") == 0 ? NULL : argv[6];
    int count = atoi(argv[7]), repeats = atoi(argv[8]);

    static char request[8192];
    int len = body == NULL
        ? snprintf(request, sizeof request,
                   "%s %s HTTP/1.1\r\nHost: %s\r\nX-DC-DEVKEY: %s\r\nAccept: application/json\r\n\r\n",
                   method, path, host, key)
        : snprintf(request, sizeof request,
                   "%s %s HTTP/1.1\r\nHost: %s\r\nX-DC-DEVKEY: %s\r\nAccept: application/json\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                   method, path, host, key, strlen(body), body);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)atoi(argv[2]));
    inet_pton(AF_INET, host, &addr.sin_addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("connect"); return 1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    /* Warm-up. */
    for (int i = 0; i < count / 10 + 1; i++) {
        write_all(fd, request, (size_t)len);
        read_response(fd);
    }
    long long *per_call = calloc((size_t)repeats, sizeof *per_call);
    for (int r = 0; r < repeats; r++) {
        long long start = now_ns();
        for (int i = 0; i < count; i++) {
            write_all(fd, request, (size_t)len);
            int status = read_response(fd);
            if (status < 200 || status > 299) { fprintf(stderr, "HTTP %d\n", status); return 1; }
        }
        per_call[r] = (now_ns() - start) / count;
    }
    qsort(per_call, (size_t)repeats, sizeof *per_call, compare);
    printf("%lld %lld %lld\n", per_call[repeats / 2], per_call[0], per_call[repeats - 1]);
    close(fd);
    free(per_call);
    return 0;
}
