/*
 * A Kafka cluster for tests, without Java or Docker: librdkafka's in-process mock brokers.
 *
 *   mock-cluster [--brokers N] [topic:partitions ...]
 *
 * Prints "BOOTSTRAP host:port,..." once the brokers listen, then answers one line per
 * command read from stdin with "OK" or "ERR <reason>":
 *   down <brokerId> | up <brokerId>             refuse / accept connections (leaders do not move)
 *   create <topic> <partitions>                 create a topic (the mock has no CreateTopics API)
 *   leader <topic> <partition> <brokerId>       move a partition's leader
 *   coordinator <groupId> <brokerId>            pin a consumer group's coordinator
 *   rtt <brokerId> <ms>                         delay every response of a broker
 * Exits on EOF, so the cluster dies with the process that spawned it with a piped stdin.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLICATION_FACTOR 3

static void reply(rd_kafka_resp_err_t err) {
        if (err)
                printf("ERR %s\n", rd_kafka_err2str(err));
        else
                printf("OK\n");
        fflush(stdout);
}

static int create_topic(rd_kafka_mock_cluster_t *mcluster, const char *spec, int brokers) {
        char name[256];
        int partitions;
        if (sscanf(spec, "%255[^:]:%d", name, &partitions) != 2 || partitions < 1) {
                fprintf(stderr, "mock-cluster: bad topic spec \"%s\", expected name:partitions\n", spec);
                return -1;
        }
        int replication = brokers < REPLICATION_FACTOR ? brokers : REPLICATION_FACTOR;
        rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mcluster, name, partitions, replication);
        if (err) {
                fprintf(stderr, "mock-cluster: cannot create %s: %s\n", name, rd_kafka_err2str(err));
                return -1;
        }
        return 0;
}

static void run_command(rd_kafka_mock_cluster_t *mcluster, const char *line, int brokers) {
        char verb[32], text[256];
        int a, b;
        if (sscanf(line, "%31s", verb) != 1) {
                printf("ERR empty command\n");
                fflush(stdout);
                return;
        }
        if (!strcmp(verb, "down") && sscanf(line, "%*s %d", &a) == 1)
                reply(rd_kafka_mock_broker_set_down(mcluster, a));
        else if (!strcmp(verb, "up") && sscanf(line, "%*s %d", &a) == 1)
                reply(rd_kafka_mock_broker_set_up(mcluster, a));
        else if (!strcmp(verb, "create") && sscanf(line, "%*s %255s %d", text, &a) == 2)
                reply(rd_kafka_mock_topic_create(mcluster, text, a,
                                                 brokers < REPLICATION_FACTOR ? brokers : REPLICATION_FACTOR));
        else if (!strcmp(verb, "leader") && sscanf(line, "%*s %255s %d %d", text, &a, &b) == 3)
                reply(rd_kafka_mock_partition_set_leader(mcluster, text, a, b));
        else if (!strcmp(verb, "coordinator") && sscanf(line, "%*s %255s %d", text, &a) == 2)
                reply(rd_kafka_mock_coordinator_set(mcluster, "group", text, a));
        else if (!strcmp(verb, "rtt") && sscanf(line, "%*s %d %d", &a, &b) == 2)
                reply(rd_kafka_mock_broker_set_rtt(mcluster, a, b));
        else {
                printf("ERR unknown command: %s", line);
                if (!strchr(line, '\n'))
                        printf("\n");
                fflush(stdout);
        }
}

int main(int argc, char **argv) {
        int brokers = 3;
        int first_topic = 1;
        char errstr[512];

        if (argc > 2 && !strcmp(argv[1], "--brokers")) {
                brokers = atoi(argv[2]);
                first_topic = 3;
        }
        if (brokers < 1) {
                fprintf(stderr, "mock-cluster: --brokers must be at least 1\n");
                return 2;
        }

        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        /* The handle only hosts the mock cluster; keep its own logging quiet. */
        rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "mock-cluster: %s\n", errstr);
                return 1;
        }
        rd_kafka_mock_cluster_t *mcluster = rd_kafka_mock_cluster_new(rk, brokers);
        if (!mcluster) {
                fprintf(stderr, "mock-cluster: cannot create the mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (int i = first_topic; i < argc; i++) {
                if (create_topic(mcluster, argv[i], brokers)) {
                        rd_kafka_mock_cluster_destroy(mcluster);
                        rd_kafka_destroy(rk);
                        return 2;
                }
        }

        printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        fflush(stdout);

        char line[1024];
        while (fgets(line, sizeof(line), stdin))
                run_command(mcluster, line, brokers);

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
