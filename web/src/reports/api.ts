/** Network calls of the reports page; the page never calls fetch itself. */
import type { Queue } from '../../../shared/domain/queue.ts';
import type { AgentFigures, Overview } from '../../../shared/reports/overview.ts';

export type { Overview };
export type NamedAgentFigures = AgentFigures & { name?: string };

export class ReportsApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  overview = (from: string, to: string) => this.get<Overview>(`/api/reports/overview?from=${from}&to=${to}`);
  agents = (from: string, to: string) =>
    this.get<{ agents: NamedAgentFigures[] }>(`/api/reports/agents?from=${from}&to=${to}`).then(
      (body) => body.agents,
    );
  queues = () => this.get<{ queues: Queue[] }>('/api/queues').then((body) => body.queues);

  /** Fetches a CSV with the token (a plain link could not send it) and hands it to the browser as a download. */
  async download(report: string, from: string, to: string): Promise<void> {
    const response = await fetch(`${this.base}/api/reports/export/${report}?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`export ${report}: ${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = `sanad-${report}-${from}-${to}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  }
}
