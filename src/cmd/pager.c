/*
 * pager — a listing longer than the terminal goes through a pager, as git's
 * does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"

/* Whether stdout goes to a pager. */
static bool running;

bool pager_running(void)
{
	return running;
}

/* Whether an executable program is on $PATH: a default pager that is not
 * there would swallow the output. */
static bool on_path(const char *program)
{
	const char *path = getenv("PATH");
	char buf[4096];

	for (const char *p = path ? path : ""; *p;) {
		size_t n = strcspn(p, ":");

		if (n && (size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p,
					  program) < sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

/* less -FRX leaves at once what fits one screen. */
pid_t start_pager(struct context *ctx)
{
	const char *pager = getenv("DUBAN_PAGER");
	int fds[2];
	pid_t pid;

	if (ctx->no_pager || !isatty(STDOUT_FILENO))
		return 0;
	if (!pager)
		pager = getenv("PAGER");
	if (!pager && on_path("less"))
		pager = "less -FRX";
	if (!pager)
		return 0;
	if (!*pager || strcmp(pager, "cat") == 0)
		return 0;
	ctx->paged_width = output_width(ctx);	/* while still the terminal */
	if (pipe(fds))
		return 0;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	fflush(stdout);
	dup2(fds[1], STDOUT_FILENO);
	close(fds[0]);
	close(fds[1]);
	ctx->paged = running = true;
	return pid;
}

void stop_pager(pid_t pid)
{
	int wstatus;

	if (!pid)
		return;
	fflush(stdout);
	close(STDOUT_FILENO);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
}

