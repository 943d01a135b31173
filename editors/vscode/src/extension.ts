// The archc extension's client: it starts `archc lsp`, the language server of the `.arch`
// language, over standard input and output, and restarts it when `archc.path` changes.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The command that starts the server: `archc.path` (default `archc`) with the `lsp` argument. */
export function serverOptions(path: string): ServerOptions {
  const run = { command: path, args: ["lsp"], transport: TransportKind.stdio };
  return { run, debug: run };
}

function configuredPath(): string {
  const path = vscode.workspace.getConfiguration("archc").get<string>("path", "archc").trim();
  return path === "" ? "archc" : path;
}

function rulesUrl(): string {
  return vscode.workspace.getConfiguration("archc").get<string>("rulesUrl", "").trim();
}

async function start(): Promise<void> {
  const path = configuredPath();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "arch" },
      { scheme: "untitled", language: "arch" },
    ],
    outputChannelName: "archc",
    initializationOptions: rulesUrl() ? { rulesUrl: rulesUrl() } : {},
  };
  const next = new LanguageClient("archc", "archc language server", serverOptions(path), clientOptions);
  client = next;
  try {
    await next.start();
  } catch (err) {
    client = undefined;
    const message = err instanceof Error ? err.message : String(err);
    const choice = await vscode.window.showErrorMessage(
      `archc: could not start \`${path} lsp\` (${message}). Install archc, or set \`archc.path\` to its executable.`,
      "Open settings",
    );
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "archc.path");
    }
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("archc.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("archc.path") || event.affectsConfiguration("archc.rulesUrl")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
