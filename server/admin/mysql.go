package admin

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
)

// The descriptors mysqld_exporter uses for the series that carry labels.
var (
	upDesc = prometheus.NewDesc("mysql_up", "Whether the MySQL server is up.", nil, nil)

	versionDesc = prometheus.NewDesc("mysql_version_info", "MySQL version and distribution.",
		[]string{"innodb_version", "version", "version_comment"}, nil)

	commandsDesc = prometheus.NewDesc("mysql_global_status_commands_total",
		"Total number of executed MySQL commands.", []string{"command"}, nil)

	handlersDesc = prometheus.NewDesc("mysql_global_status_handlers_total",
		"Total number of executed MySQL handlers.", []string{"handler"}, nil)

	connectionErrorsDesc = prometheus.NewDesc("mysql_global_status_connection_errors_total",
		"Total number of MySQL connection errors.", []string{"error"}, nil)
)

// labelledStatus are the status prefixes mysqld_exporter turns into one
// series with a label instead of one series per variable.
var labelledStatus = regexp.MustCompile(`^(com|handler|connection_errors)_(.*)$`)

// invalidNameChars are what Prometheus metric names cannot hold.
var invalidNameChars = regexp.MustCompile(`[^a-zA-Z0-9:_]`)

// metricName is mysqld_exporter's name for a status or variable name.
func metricName(s string) string {
	return invalidNameChars.ReplaceAllString(strings.ToLower(s), "_")
}

// parseStatus reads a status or variable value as mysqld_exporter does:
// numbers as they are, ON/YES as 1 and OFF/NO as 0; anything else
// (versions, paths, cipher names) is not a metric.
func parseStatus(v string) (float64, bool) {
	switch strings.ToUpper(v) {
	case "ON", "YES":
		return 1, true
	case "OFF", "NO":
		return 0, true
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// collectStatus emits SHOW GLOBAL STATUS as mysql_global_status_* series.
func collectStatus(status map[string]string, ch chan<- prometheus.Metric) {
	for name, text := range status {
		v, ok := parseStatus(text)
		if !ok {
			continue
		}
		key := metricName(name)
		if m := labelledStatus.FindStringSubmatch(key); m != nil {
			switch m[1] {
			case "com":
				ch <- prometheus.MustNewConstMetric(commandsDesc, prometheus.CounterValue, v, m[2])
			case "handler":
				ch <- prometheus.MustNewConstMetric(handlersDesc, prometheus.CounterValue, v, m[2])
			case "connection_errors":
				ch <- prometheus.MustNewConstMetric(connectionErrorsDesc, prometheus.CounterValue, v, m[2])
			}
			continue
		}
		desc := prometheus.NewDesc("mysql_global_status_"+key, "Generic metric from SHOW GLOBAL STATUS.", nil, nil)
		ch <- prometheus.MustNewConstMetric(desc, prometheus.UntypedValue, v)
	}
}

// collectVariables emits SHOW GLOBAL VARIABLES as mysql_global_variables_*
// series, and mysql_version_info.
func collectVariables(vars map[string]string, version string, ch chan<- prometheus.Metric) {
	for name, text := range vars {
		v, ok := parseStatus(text)
		if !ok {
			continue
		}
		desc := prometheus.NewDesc("mysql_global_variables_"+metricName(name), "Generic gauge metric from SHOW GLOBAL VARIABLES.", nil, nil)
		ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v)
	}
	comment := vars["version_comment"]
	innodb := vars["innodb_version"]
	ch <- prometheus.MustNewConstMetric(versionDesc, prometheus.GaugeValue, 1, innodb, version, comment)
}
