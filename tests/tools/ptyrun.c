/*
 * ptyrun — runs a command on a pseudo-terminal of a given size, so that the
 * end-to-end tests see exactly what a terminal of that size would show.
 *
 *   usage: ptyrun COLUMNS ROWS COMMAND [ARG...]
 *
 * The terminal is COLUMNS wide and ROWS high (set with TIOCSWINSZ), in raw
 * mode: what the command writes, to its standard output and its standard
 * error alike, is copied to ptyrun's standard output byte for byte, with
 * no CR put before each newline.  The command reads an empty terminal.
 *
 * Exit status: the command's, 128 + N if signal N ended it, 127 if it
 * could not be run, 2 if the command line is wrong.
 */
#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int size_arg(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *end || end == s || n < 1 || n > 10000 ? -1 : (int)n;
}

/* Writes n bytes of buf to standard output, whole. */
static int copy_out(const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct winsize ws = { 0 };
	struct termios tio;
	int cols, rows, master, status, rc = 0;
	pid_t pid;

	if (argc < 4 || (cols = size_arg(argv[1])) < 0 ||
	    (rows = size_arg(argv[2])) < 0) {
		fprintf(stderr, "usage: ptyrun COLUMNS ROWS COMMAND [ARG...]\n");
		return 2;
	}
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	memset(&tio, 0, sizeof(tio));
	cfmakeraw(&tio);
	pid = forkpty(&master, NULL, &tio, &ws);
	if (pid < 0) {
		perror("ptyrun: forkpty");
		return 127;
	}
	if (pid == 0) {
		/* the size again, from the terminal's own side */
		ioctl(STDOUT_FILENO, TIOCSWINSZ, &ws);
		execvp(argv[3], argv + 3);
		fprintf(stderr, "ptyrun: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	for (;;) {
		char buf[4096];
		ssize_t n = read(master, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)	/* EIO: the command and its children closed it */
			break;
		if (copy_out(buf, (size_t)n)) {
			perror("ptyrun: write");
			rc = 1;
			break;
		}
	}
	close(master);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("ptyrun: waitpid");
			return 127;
		}
	if (rc)
		return rc;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
