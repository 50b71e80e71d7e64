/*
 * append — appends one line to FILE and syncs it to the disk, as a
 * recording command does at the end: the floor of a durable write.
 *
 * usage: append FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static const char line[] = "bench,one line appended and synced\n";
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: append FILE\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0 || write(fd, line, strlen(line)) != (ssize_t)strlen(line) ||
	    fsync(fd) != 0 || close(fd) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
