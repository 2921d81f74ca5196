package exec

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// comKind indexes the Com_* counters: one atomic per kind in an array, so
// counting a statement is a type switch and an atomic add (no map, no lock).
type comKind uint8

// The Com_* status variables loopdb counts, in MySQL's names. A statement
// kind loopdb refuses (views, routines, ...) is counted nowhere, as MySQL
// counts a statement only once it parsed into a command.
const (
	comNone comKind = iota
	comAlterTable
	comAlterUser
	comBegin
	comChangeDB
	comCallProcedure
	comCommit
	comCreateDB
	comCreateIndex
	comCreateProcedure
	comCreateTable
	comCreateUser
	comDeallocSQL
	comDelete
	comDeleteMulti
	comDo
	comDropDB
	comDropIndex
	comDropProcedure
	comDropTable
	comDropUser
	comExecuteSQL
	comExplainOther
	comFlush
	comGrant
	comInsert
	comInsertSelect
	comKill
	comLoad
	comLockTables
	comPrepareSQL
	comReleaseSavepoint
	comRenameTable
	comReplace
	comReplaceSelect
	comRevoke
	comRollback
	comRollbackToSavepoint
	comSavepoint
	comSelect
	comSetOption
	comShowCreateDB
	comShowCreateProc
	comShowCreateTable
	comShowDatabases
	comShowErrors
	comShowEvents
	comShowFields
	comShowFunctionStatus
	comShowGrants
	comShowKeys
	comShowProcedureStatus
	comShowProcesslist
	comShowStatus
	comShowTableStatus
	comShowTables
	comShowTriggers
	comShowVariables
	comShowWarnings
	comStmtClose
	comStmtExecute
	comStmtFetch
	comStmtPrepare
	comStmtReset
	comStmtSendLongData
	comTruncate
	comUnlockTables
	comUpdate
	comUpdateMulti
	numComKinds
)

// comNames are the status names without the "Com_" prefix, by kind.
var comNames = [numComKinds]string{
	comAlterTable: "alter_table", comAlterUser: "alter_user", comBegin: "begin",
	comCallProcedure: "call_procedure", comChangeDB: "change_db", comCommit: "commit", comCreateDB: "create_db",
	comCreateIndex: "create_index", comCreateProcedure: "create_procedure", comCreateTable: "create_table", comCreateUser: "create_user",
	comDeallocSQL: "dealloc_sql", comDelete: "delete", comDeleteMulti: "delete_multi", comDo: "do",
	comDropDB: "drop_db", comDropIndex: "drop_index", comDropProcedure: "drop_procedure", comDropTable: "drop_table",
	comDropUser: "drop_user", comExecuteSQL: "execute_sql", comExplainOther: "explain_other",
	comFlush: "flush", comGrant: "grant", comInsert: "insert", comInsertSelect: "insert_select",
	comKill: "kill", comLoad: "load", comLockTables: "lock_tables", comPrepareSQL: "prepare_sql",
	comReleaseSavepoint: "release_savepoint", comRenameTable: "rename_table",
	comReplace: "replace", comReplaceSelect: "replace_select", comRevoke: "revoke",
	comRollback: "rollback", comRollbackToSavepoint: "rollback_to_savepoint",
	comSavepoint: "savepoint", comSelect: "select", comSetOption: "set_option",
	comShowCreateDB: "show_create_db", comShowCreateProc: "show_create_proc", comShowCreateTable: "show_create_table",
	comShowDatabases: "show_databases", comShowErrors: "show_errors", comShowEvents: "show_events",
	comShowFields: "show_fields", comShowFunctionStatus: "show_function_status",
	comShowGrants: "show_grants", comShowKeys: "show_keys",
	comShowProcedureStatus: "show_procedure_status", comShowProcesslist: "show_processlist",
	comShowStatus: "show_status", comShowTableStatus: "show_table_status",
	comShowTables: "show_tables", comShowTriggers: "show_triggers",
	comShowVariables: "show_variables", comShowWarnings: "show_warnings",
	comStmtClose: "stmt_close", comStmtExecute: "stmt_execute", comStmtFetch: "stmt_fetch",
	comStmtPrepare: "stmt_prepare", comStmtReset: "stmt_reset",
	comStmtSendLongData: "stmt_send_long_data", comTruncate: "truncate",
	comUnlockTables: "unlock_tables", comUpdate: "update", comUpdateMulti: "update_multi",
}

// countCom counts one command of kind k (Com_<name>).
func (e *Engine) countCom(k comKind) {
	if k != comNone {
		e.com[k].Add(1)
	}
}

// comKindOf is the Com_* counter a statement increments, as MySQL's
// sql_command does.
func comKindOf(stmt ast.StmtNode) comKind {
	switch st := stmt.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		return comSelect
	case *ast.InsertStmt:
		switch {
		case st.IsReplace && st.Select != nil:
			return comReplaceSelect
		case st.IsReplace:
			return comReplace
		case st.Select != nil:
			return comInsertSelect
		}
		return comInsert
	case *ast.UpdateStmt:
		if st.MultipleTable {
			return comUpdateMulti
		}
		return comUpdate
	case *ast.DeleteStmt:
		if st.IsMultiTable {
			return comDeleteMulti
		}
		return comDelete
	case *ast.LoadDataStmt:
		return comLoad
	case *ast.CreateTableStmt:
		return comCreateTable
	case *ast.DropTableStmt:
		return comDropTable
	case *ast.CreateIndexStmt:
		return comCreateIndex
	case *ast.DropIndexStmt:
		return comDropIndex
	case *ast.AlterTableStmt:
		return comAlterTable
	case *ast.TruncateTableStmt:
		return comTruncate
	case *ast.RenameTableStmt:
		return comRenameTable
	case *ast.LockTablesStmt:
		return comLockTables
	case *ast.UnlockTablesStmt:
		return comUnlockTables
	case *ast.ExplainStmt:
		if sh, ok := st.Stmt.(*ast.ShowStmt); ok {
			return comKindOf(sh)
		}
		return comExplainOther
	case *ast.SetStmt:
		return comSetOption
	case *ast.ShowStmt:
		return showComKind(st.Tp)
	case *ast.UseStmt:
		return comChangeDB
	case *ast.CreateDatabaseStmt:
		return comCreateDB
	case *ast.DropDatabaseStmt:
		return comDropDB
	case *ast.BeginStmt:
		return comBegin
	case *ast.CommitStmt:
		return comCommit
	case *ast.RollbackStmt:
		if st.SavepointName != "" {
			return comRollbackToSavepoint
		}
		return comRollback
	case *ast.SavepointStmt:
		return comSavepoint
	case *ast.ReleaseSavepointStmt:
		return comReleaseSavepoint
	case *ast.KillStmt:
		return comKill
	case *ast.DoStmt:
		return comDo
	case *ast.CallStmt:
		return comCallProcedure
	case *ast.ProcedureInfo:
		return comCreateProcedure
	case *ast.DropProcedureStmt:
		return comDropProcedure
	case *ast.CreateUserStmt:
		return comCreateUser
	case *ast.DropUserStmt:
		return comDropUser
	case *ast.AlterUserStmt, *ast.SetPwdStmt:
		return comAlterUser
	case *ast.GrantStmt:
		return comGrant
	case *ast.RevokeStmt:
		return comRevoke
	case *ast.PrepareStmt:
		return comPrepareSQL
	case *ast.ExecuteStmt:
		return comExecuteSQL
	case *ast.DeallocateStmt:
		return comDeallocSQL
	case *ast.FlushStmt:
		return comFlush
	}
	return comNone
}

func showComKind(tp ast.ShowStmtType) comKind {
	switch tp {
	case ast.ShowVariables:
		return comShowVariables
	case ast.ShowStatus:
		return comShowStatus
	case ast.ShowWarnings:
		return comShowWarnings
	case ast.ShowErrors:
		return comShowErrors
	case ast.ShowDatabases:
		return comShowDatabases
	case ast.ShowTables:
		return comShowTables
	case ast.ShowProcessList:
		return comShowProcesslist
	case ast.ShowGrants:
		return comShowGrants
	case ast.ShowCreateTable:
		return comShowCreateTable
	case ast.ShowColumns:
		return comShowFields
	case ast.ShowIndex:
		return comShowKeys
	case ast.ShowTableStatus:
		return comShowTableStatus
	case ast.ShowTriggers:
		return comShowTriggers
	case ast.ShowEvents:
		return comShowEvents
	case ast.ShowProcedureStatus:
		return comShowProcedureStatus
	case ast.ShowCreateProcedure:
		return comShowCreateProc
	case ast.ShowFunctionStatus:
		return comShowFunctionStatus
	case ast.ShowCreateDatabase:
		return comShowCreateDB
	}
	return comNone
}
