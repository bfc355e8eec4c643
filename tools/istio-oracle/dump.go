package oracle

import (
	"bytes"
	"encoding/json"

	admin "github.com/envoyproxy/go-control-plane/envoy/admin/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	// Registers every Envoy extension type istiod may put in an Any, so that the JSON encoder can
	// resolve "@type" for each of them.
	_ "istio.io/istio/pkg/config/xds"
)

var anyOptions = proto.MarshalOptions{Deterministic: true}

func pack(m proto.Message) (*anypb.Any, error) {
	a := &anypb.Any{}
	if err := anypb.MarshalFrom(a, m, anyOptions); err != nil {
		return nil, err
	}
	return a, nil
}

// ConfigDump is x in the form of Envoy's admin /config_dump: a ListenersConfigDump, a RoutesConfigDump
// and a ClustersConfigDump, all resources as dynamic (xDS-delivered) ones.
func (x *XDS) ConfigDump() (*admin.ConfigDump, error) {
	ls := &admin.ListenersConfigDump{}
	for _, l := range x.Listeners {
		a, err := pack(l)
		if err != nil {
			return nil, err
		}
		ls.DynamicListeners = append(ls.DynamicListeners, &admin.ListenersConfigDump_DynamicListener{
			Name:        l.Name,
			ActiveState: &admin.ListenersConfigDump_DynamicListenerState{Listener: a},
		})
	}
	rs := &admin.RoutesConfigDump{}
	for _, r := range x.Routes {
		a, err := pack(r)
		if err != nil {
			return nil, err
		}
		rs.DynamicRouteConfigs = append(rs.DynamicRouteConfigs, &admin.RoutesConfigDump_DynamicRouteConfig{RouteConfig: a})
	}
	cs := &admin.ClustersConfigDump{}
	for _, c := range x.Clusters {
		a, err := pack(c)
		if err != nil {
			return nil, err
		}
		cs.DynamicActiveClusters = append(cs.DynamicActiveClusters, &admin.ClustersConfigDump_DynamicCluster{Cluster: a})
	}
	dump := &admin.ConfigDump{}
	for _, m := range []proto.Message{ls, rs, cs} {
		a, err := pack(m)
		if err != nil {
			return nil, err
		}
		dump.Configs = append(dump.Configs, a)
	}
	return dump, nil
}

// MarshalDump encodes a config dump as Envoy prints it: proto field names, every Any with its "@type".
// The result is compact and byte-for-byte the same for the same dump.
func MarshalDump(dump *admin.ConfigDump) (json.RawMessage, error) {
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(dump)
	if err != nil {
		return nil, err
	}
	// protojson may add insignificant spaces that vary between builds; compact them away.
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
