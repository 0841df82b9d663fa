import ArgumentParser
import HuibaoModel

/// `huibao-server nginx-config`: prints an nginx configuration that balances several server
/// processes (round robin), the one the README describes and the multi-server tests run.
struct NginxConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nginx-config",
        abstract: "Print an nginx configuration that balances several huibao-server processes.",
        discussion: """
            Every server process is identical and stateless (they share one PostgreSQL database), \
            so requests go round robin. A sync is idempotent (changes already stored are only \
            acknowledged again; commits are compare-and-swap), so nginx may retry a request cut \
            by a dying server on the next one, POST included.

            Without --run-dir the output is a server block for /etc/nginx/conf.d/; with it, a whole \
            configuration for a private nginx (`nginx -c FILE -p DIR`) that keeps its pid, logs and \
            temporary files in DIR and stays in the foreground.

            Example:
              huibao-server nginx-config --listen 127.0.0.1:8080 \\
                --upstream 127.0.0.1:8081 --upstream 127.0.0.1:8082 > /etc/nginx/conf.d/huibao.conf
            """)

    @Option(help: ArgumentHelp("The address nginx listens on.", valueName: "HOST:PORT"))
    var listen = "127.0.0.1:8080"

    @Option(help: ArgumentHelp("A huibao-server process (repeat for each).", valueName: "HOST:PORT"))
    var upstream: [String] = []

    @Option(help: ArgumentHelp("Write a whole private configuration that keeps its files here.", valueName: "DIR"))
    var runDir: String?

    @Option(help: "The largest request accepted; keep it at least huibao-server's limit (64 MiB).")
    var maxBody = "64m"

    func validate() throws {
        guard !upstream.isEmpty else {
            throw ValidationError(
                Language.text("至少要给一个 --upstream HOST:PORT", "name at least one --upstream HOST:PORT"))
        }
        for address in upstream + [listen] {
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                (1...65535).contains(port), colon != address.startIndex
            else { throw ValidationError(Language.text("\(address) 不是 HOST:PORT 形式", "\(address) is not HOST:PORT")) }
        }
    }

    func run() {
        print(NginxConfigCommand.configuration(listen: listen, upstreams: upstream, runDir: runDir, maxBody: maxBody))
    }

    /// The configuration text.
    static func configuration(listen: String, upstreams: [String], runDir: String?, maxBody: String) -> String {
        let servers = upstreams.map { "        server \($0) max_fails=0;" }.joined(separator: "\n")
        let http = """
                upstream huibao {
            \(servers)
                    keepalive 32;
                }
                server {
                    listen \(listen);
                    client_max_body_size \(maxBody);
                    location / {
                        proxy_pass http://huibao;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        # Syncs are idempotent: a request cut by a dying server is retried on the next.
                        proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                        proxy_next_upstream_tries 3;
                        proxy_read_timeout 120s;
                        proxy_request_buffering on;
                    }
                }
            """
        guard let dir = runDir else {
            return "# huibao: \(upstreams.count) server processes behind \(listen)\n" + http
        }
        return """
            daemon off;
            worker_processes auto;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(dir)/body;
                proxy_temp_path \(dir)/proxy;
                fastcgi_temp_path \(dir)/fastcgi;
                uwsgi_temp_path \(dir)/uwsgi;
                scgi_temp_path \(dir)/scgi;
            \(http)
            }
            """
    }
}
