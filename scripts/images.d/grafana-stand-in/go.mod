module observability-stack/grafana-stand-in

go 1.24
