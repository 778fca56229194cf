export async function format(text: string, _options: unknown): Promise<string> { return text }
