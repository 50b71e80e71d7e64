/*
 * empty — a C process that does nothing: the floor under every command,
 * the cost of starting and ending a process.
 */
int main(void)
{
	return 0;
}
