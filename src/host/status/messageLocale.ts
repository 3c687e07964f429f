// The language of core's messages (errors, router notes, setting issues) follows VS Code's display language.
import * as vscode from 'vscode';

export function messageLocale(): 'en' | 'zh-cn' {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}
