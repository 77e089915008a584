/* peakrss.c - runs a command and reports its wall time and peak memory.
 *
 *   peakrss -o FILE COMMAND [ARG...]
 *
 * Runs COMMAND (its standard streams untouched), then writes one line to
 * FILE: the wall time in milliseconds and the peak resident set size in
 * KiB (ru_maxrss from wait4), e.g. "12.3 4180".  Exits with the command's
 * status (128 + signal number if it was killed).  Used by tests/bench.sh,
 * so the figures need neither GNU time nor anything beyond libc.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		fputs("usage: peakrss -o FILE COMMAND [ARG...]\n", stderr);
		return 2;
	}
	const char *outpath = argv[2];
	char **cmd = argv + 3;

	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "peakrss: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(cmd[0], cmd);
		fprintf(stderr, "peakrss: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	pid_t r;
	do
		r = wait4(pid, &status, 0, &ru);
	while (r < 0 && errno == EINTR);
	double t1 = now_ms();
	if (r < 0) {
		fprintf(stderr, "peakrss: wait4: %s\n", strerror(errno));
		return 2;
	}

	FILE *f = fopen(outpath, "w");
	if (!f) {
		fprintf(stderr, "peakrss: %s: %s\n", outpath, strerror(errno));
		return 2;
	}
	fprintf(f, "%.1f %ld\n", t1 - t0, (long)ru.ru_maxrss);
	if (fclose(f) != 0) {
		fprintf(stderr, "peakrss: %s: write failed\n", outpath);
		return 2;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 2;
}
