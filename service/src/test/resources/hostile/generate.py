# Generates requests.jsonl: the hostile-input corpus HostileInputIT sends. Kept as data; re-run
# after editing: python3 generate.py. Placeholders the test fills in: SANDBOX (a real sandbox
# name), {{2MB}} (two million characters).
import json
out=[]
def req(method,path,body,why,ctype="application/json"):
    out.append({"why":why,"method":method,"path":path,"body":body,"contentType":ctype})
def net(d,why): req("POST","/v1/networks",json.dumps(d) if not isinstance(d,str) else d,why)
def ep(d,why,network="seed"): req("POST",f"/v1/networks/{network}/endpoints",json.dumps(d) if not isinstance(d,str) else d,why)

bad_names=["", " ", "a"*64, "a"*1000, "-lead", ".dot", "a/b", "../etc", "..", "a b", "a;rm -rf /", "$(reboot)", "`id`", "a|b", "a&b",
 "a\nb", "a\tb", "a\u0000b", "\u202eevil", "名前", "ñame", "emoji😀", "a\"b", "a'b", "a\\b", "<script>", "%00", "a*", "a?", "~root", "a:b", "a@b", "a#b", "a,b", "a=b", "a+b", "a!b"]
for n in bad_names: net({"name":n,"driver":"nat"}, "network name "+repr(n)[:40])
for d in [1, True, [], {}, "NAT ", "nat;ls", "warp", "", "../nat", "bridge\n"]:
    net({"name":"h1","driver":d}, "driver "+repr(d))
cidrs=["10.0.0.0/0","0.0.0.0/0","::/0","10.0.0.1/32","10.0.0.0/33","10.0.0.0/-1","10.0.0.0/999999999999","10.0.0.0","/24","10.0.0.0/24/24",
 "10.0.0.0.0/24","256.0.0.0/8","10.0.0/24","1e1.0.0.0/8","fe80::/129","fd00::/200","gg::/64",":::/64","10.0.0.0/ 24"," 10.0.0.0/24",
 "10.0.0.0/24;ls","$(id)/24","10.0.0.0/2\u0000","\u0661\u0660.0.0.0/8","0x0a.0.0.0/8","010.0.0.0/8","10.0.0.0/08a","-10.0.0.0/8","10.0.0.0/31","10.0.0.0/32"]
for c in cidrs: net({"name":"h2","ipam":{"config":[{"subnet":c}]}}, "subnet "+repr(c))
for s in [1, True, [], {}, None]: net({"name":"h2b","ipam":{"config":[{"subnet":s}]}} if s is not None else {"name":"h2b","ipam":{"config":[None]}}, "subnet of type "+type(s).__name__)
gws=[("10.1.0.0/24","10.1.0.0"),("10.1.0.0/24","10.1.0.255"),("10.1.0.0/24","10.2.0.1"),("10.1.0.0/24","fd00::1"),("10.1.0.0/24","x"),("10.1.0.0/30","10.1.0.3"),("fd00::/64","10.0.0.1"),("10.1.0.0/24","10.1.0.1/24"),("10.1.0.0/24","")]
for s,g in gws: net({"name":"h3","ipam":{"config":[{"subnet":s,"gateway":g}]}}, f"gateway {g} in {s}")
for r in ["10.1.1.0/24","10.0.0.0/8","x","10.1.0.0/33","fd00::/64"]:
    net({"name":"h4","ipam":{"config":[{"subnet":"10.1.0.0/24","ipRange":r}]}}, "ipRange "+r)
for a in [{"x":"10.9.0.1"},{"x":"y"},{"":"10.1.0.5"},{"x":"10.1.0.1"},{"k"+str(i):"10.1.0."+str(i+5) for i in range(65)}]:
    net({"name":"h5","ipam":{"config":[{"subnet":"10.1.0.0/24","auxAddresses":a}]}}, "auxAddresses "+str(list(a.items())[:1]))
net({"name":"h6","ipam":{"config":[{"subnet":"10.1.0.0/24"},{"subnet":"10.2.0.0/24"}]}}, "two IPv4 subnets")
net({"name":"h6b","ipam":{"config":[{"subnet":"10.70.0.0/25"}]}}, "subnet overlapping the seed network")
net({"name":"seed","ipam":{"config":[{"subnet":"10.1.0.0/24"}]}}, "duplicate name")
for k,v in [("mtu","-1"),("mtu","0"),("mtu","67"),("mtu","65536"),("mtu","99999999999"),("mtu","abc"),("mtu","1e3"),("mtu"," 1500"),("mtu",""),
            ("bridgeName","a"*16),("bridgeName","br 0"),("bridgeName","../x"),("bridgeName","br;ls"),("bridgeName",""),("bridgeName","br\n0"),
            ("masquerade","yes"),("masquerade","TRUE"),("icc","0"),("hostIp","localhost"),("hostIp","10.0.0.1/24"),("mode","loud"),("vlan","0"),("vlan","4095"),
            ("vni","0"),("vni","16777216"),("unknown","x"),("",""),("dnsDomain","a..b"),("dnsDomain","in-addr.arpa"),("dnsDomain","-a.com"),("dnsServers","127.0.0.11"),("dnsServers","x"),("dnsServers",",".join(["1.1.1.1"]*9))]:
    net({"name":"h7","options":{k:v}}, f"option {k}={v!r}")
net({"name":"h7b","options":{"mtu":1500}}, "option value of the wrong type")
net({"name":"h7c","options":["mtu"]}, "options as an array")
for l in [{"a\nb":"x"},{"k":"v\u0007"},{"":"x"},{"k":"x"*5000},{f"k{i}":"v" for i in range(200)},{"k":1}]:
    net({"name":"h8","labels":l}, "labels "+repr(list(l.items())[:1])[:40])
for i in ["yes",1,None,[],{}]: net({"name":"h9","internal":i} if i is not None else '{"name":"h9","internal":null,"enableIpv6":"x"}', "internal "+repr(i))
for sc in ["global","planet","",1]: net({"name":"h10","scope":sc}, "scope "+repr(sc))
net({"name":"h11","internal":True,"options":{"masquerade":"true"}}, "internal and masqueraded")
for raw in ["", "{", "}", "[]", "null", "1", "\"x\"", "{\"name\":", "{\"name\":\"a\",}", "{'name':'a'}", "{\"name\":\"a\"} trailing", "\u0000", "{\"name\":\"a\",\"name\":\"b\",\"driver\":7}",
            "["*2000+"]"*2000, "{\"a\":"*2000+"1"+"}"*2000, "{\"name\":\"{{2MB}}\"}", "{\"name\":\"\\ud800\"}", "{\"name\":1e999}", "{\"ipam\":{\"config\":{}}}", "{\"ipam\":[]}"]:
    net(raw, "malformed body "+repr(raw[:30]))
sandboxes=["", "relative/netns", "/var/run/netns/../../etc/passwd", "/var/run/netns/..", "/var/run/netns/.", "/var/run/netns/", "/etc/passwd", "/dev/null", "/dev/zero",
 "/proc/self/ns/net", "/proc/0/ns/net", "/proc/1/ns/mnt", "/proc/1/ns/net/../mnt", "/proc/99999999999/ns/net", "/var/run/netns/a b", "/var/run/netns/a;ls", "/var/run/netns/$(id)",
 "/var/run/netns/"+"a"*300, "/var/run/netns/a\u0000b", "/var/run/netns/a\nb", "C:\\\\Windows", "00000000-0000-0000-0000-00000000000g", "{00000000-0000-0000-0000-000000000000}", "/run/netns/../netns/x",
 "//var/run/netns/x", "/var/run/netns//x", "file:///var/run/netns/x", "/sys/class/net", "/var/run/netns/cn-nonexistent-zz"]
for s in sandboxes: ep({"sandbox":s}, "sandbox "+repr(s)[:50])
for s in [1,True,[],{},None]: ep({"sandbox":s}, "sandbox of type "+type(s).__name__)
for i in ["lo","a"*16,"eth 0","eth0;ls","../x","","eth0\n",".","..","eth/0","名前"]:
    ep({"sandbox":"/var/run/netns/SANDBOX","interface":i}, "interface "+repr(i))
for n in ["a"*64,"a b","-x","$(id)","\u0000",""]:
    ep({"sandbox":"/var/run/netns/SANDBOX","name":n}, "endpoint name "+repr(n)[:30])
ep({"sandbox":"/var/run/netns/SANDBOX","aliases":["a"]*33}, "33 aliases")
for a in ["a b","",None,"x"*64,1]: ep({"sandbox":"/var/run/netns/SANDBOX","aliases":[a]}, "alias "+repr(a)[:30])
for a in ["10.70.0.0","10.70.0.255","10.70.0.1","10.71.0.5","fd00::1","x","10.70.0.5/24","10.70.0.9"," 10.70.0.5","10.70.0.05",1]:
    ep({"sandbox":"/var/run/netns/SANDBOX","ipv4Address":a}, "ipv4Address "+repr(a))
ep({"sandbox":"/var/run/netns/SANDBOX","ipv6Address":"fd00::5"}, "ipv6Address on a network without IPv6")
ep({"sandbox":"/var/run/netns/SANDBOX","ipv6Address":"10.0.0.1"}, "IPv4 in ipv6Address")
for m in ["01:00:5e:00:00:01","ff:ff:ff:ff:ff:ff","00:00:00:00:00:00","02:42:0a:32:00","02-42-0a-32-00-02","zz:42:0a:32:00:02","02:42:0a:32:00:02:03",""]:
    ep({"sandbox":"/var/run/netns/SANDBOX","macAddress":m}, "macAddress "+m)
ports=[{"containerPort":0},{"containerPort":65536},{"containerPort":-1},{"containerPort":80,"hostPort":0},{"containerPort":80,"hostPort":70000},
 {"containerPort":90,"containerPortEnd":80},{"containerPort":80,"containerPortEnd":90,"hostPort":8080,"hostPortEnd":8085},{"protocol":"icmp","containerPort":80},
 {"protocol":"","containerPort":80},{"protocol":1,"containerPort":80},{"containerPort":"80"},{"containerPort":80.5},{"containerPort":80,"hostIp":"203.0.113.9"},
 {"containerPort":80,"hostIp":"localhost"},{"containerPort":80,"hostIp":"10.0.0.1/24"},{"containerPort":1,"containerPortEnd":65535},{"containerPort":80,"hostPort":65535,"containerPortEnd":81},
 {"hostPort":8080},{},None,{"containerPort":80,"hostPortEnd":8081},{"containerPort":99999999999}]
for p in ports: ep({"sandbox":"/var/run/netns/SANDBOX","ports":[p]}, "port "+json.dumps(p)[:60])
ep({"sandbox":"/var/run/netns/SANDBOX","ports":[{"containerPort":80,"hostPort":8080},{"containerPort":81,"hostPort":8080}]}, "the same host port twice")
ep({"sandbox":"/var/run/netns/SANDBOX","ports":[{"containerPort":i+1} for i in range(65)]}, "65 mappings")
ep({"sandbox":"/var/run/netns/SANDBOX","ports":"80:80"}, "ports as a string")
for raw in ["", "{", "[]", "null", "{\"sandbox\":}", "{\"sandbox\":\"/var/run/netns/SANDBOX\",\"interface\":[]}"]:
    ep(raw, "malformed endpoint body "+repr(raw))
ep({"sandbox":"/var/run/netns/SANDBOX"}, "attach to a network that does not exist", network="nope")
for p in ["/v1/networks/nope","/v1/networks/%2e%2e%2f%2e%2e%2fetc%2fpasswd","/v1/networks/..%2f..%2f","/v1/networks/"+"a"*500,"/v1/networks/%00","/v1/networks/%ff%fe",
          "/v1/networks/seed/endpoints/nope","/v1/networks/seed/endpoints/abc","/v1/networks/nope/endpoints","/v1/networks/seed/discovery?name=%00",
          "/v1/networks/nope/discovery","/v1/nothing","/v2/networks","/v1/networks/seed/endpoints/"+"f"*64]:
    req("GET",p,None,"GET "+p[:50])
for p in ["/v1/networks/nope","/v1/networks/seed/endpoints/nope","/v1/networks/%2e%2e","/v1/networks/seed"]:
    req("DELETE",p,None,"DELETE "+p[:50])
req("PUT","/v1/networks",json.dumps({"name":"x"}),"PUT on the collection")
req("PATCH","/v1/networks/seed",json.dumps({"name":"x"}),"PATCH a network")
req("POST","/v1/networks",json.dumps({"name":"h12"}),"text/plain body",ctype="text/plain")
req("POST","/v1/networks","name=h13","form body",ctype="application/x-www-form-urlencoded")
req("POST","/v1/networks/seed/endpoints","<xml/>","XML body",ctype="application/xml")
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),"requests.jsonl"),"w") as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=True)+"\n")
print(len(out))
