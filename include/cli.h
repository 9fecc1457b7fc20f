/* cli.h: what the subcommands share (main.c and cmd_*.c). */
#ifndef PL_CLI_H
#define PL_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "conf.h"
#include "pipeline.h"
#include "store.h"

struct cmd {
	const char	*name;
	int		(*fn)(struct conf *, int, char **);
	const char	*usage;
	const char	*help;
};

const struct cmd *cmd_find(const char *name);
void		 usage_of(const struct cmd *c, FILE *out);
/* getopt_long over a subcommand's arguments; --help is always there:
 * *help becomes 1 (printed, exit 0) or 2 (bad option, exit 64). */
int		 sub_getopt(int argc, char **argv, const char *shortopts,
		    const struct option *longopts, const struct cmd *c,
		    int *help);
/* The exit code (sysexits.h) of a failed store operation. */
int		 store_exit(enum pl_status st);
enum pl_status	 open_store(const struct conf *cf, bool lock, int wait_s,
		    struct store **st);

/* Who acts: "cli:<login>" unless --actor gave a name (the caller's). */
char		*cli_actor(const char *given);

/* The --config given, or NULL (the daemon reloads it on SIGHUP). */
const char	*cli_config_path(void);

struct run_ctx;
struct ingest_ops;
/* Process every message of a Maildir, mbox or file (ops NULL: detected;
 * ack: Maildir new/ to cur/ once committed); PL_ECONF stops. */
enum pl_status	 process_path(struct run_ctx *ctx,
		    const struct ingest_ops *ops, const char *path, bool ack,
		    bool bar);

/* `sertel run` (cmd_run.c). */
int		 cmd_run(struct conf *cf, int argc, char **argv);

/* The letter commands (cmd_letter.c). */
int		 cmd_letter(struct conf *cf, int argc, char **argv);
int		 cmd_approve(struct conf *cf, int argc, char **argv);
int		 cmd_reject(struct conf *cf, int argc, char **argv);
int		 cmd_verify_letter(struct conf *cf, int argc, char **argv);
int		 cmd_disposition(struct conf *cf, int argc, char **argv);
/* `sertel cert` (cmd_cert.c). */
int		 cmd_cert(struct conf *cf, int argc, char **argv);
/* `sertel complaint`, `report`, `parse` (cmd_office.c). */
int		 cmd_complaint(struct conf *cf, int argc, char **argv);
int		 cmd_report(struct conf *cf, int argc, char **argv);
int		 cmd_parse(struct conf *cf, int argc, char **argv);
/* `sertel purge`, `export` (cmd_privacy.c). */
int		 cmd_purge(struct conf *cf, int argc, char **argv);
int		 cmd_export(struct conf *cf, int argc, char **argv);

#endif
